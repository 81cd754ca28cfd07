// The register model: read, write and compare-and-set on one optional integer.
#include "runtime/lincheck/register_model.hpp"

#include <fmt/format.h>

#include "runtime/lincheck/cache.hpp"

namespace dslab::lincheck {

namespace {
std::string show(const RegisterModel::Value& v) { return v ? std::to_string(*v) : "nil"; }
}  // namespace

bool RegisterModel::step(const State& s, const Input& in, const std::optional<Output>& out,
                         State& next) const {
  switch (in.kind) {
    case Input::Kind::kRead:
      next = s;
      return !out || out->value == s;
    case Input::Kind::kWrite:
      next = in.value;
      return true;
    case Input::Kind::kCas: {
      const bool matches = s == in.expected;
      next = matches ? Value{in.value} : s;
      return !out || out->ok == matches;
    }
  }
  return false;
}

std::uint64_t RegisterModel::hash(const State& s) const {
  return s ? detail::mix64(static_cast<std::uint64_t>(*s)) : 0x6e696cULL;
}

std::string RegisterModel::describe(const Input& in, const std::optional<Output>& out) const {
  switch (in.kind) {
    case Input::Kind::kRead:
      return out ? "read() -> " + show(out->value) : "read() -> ?";
    case Input::Kind::kWrite:
      return fmt::format("write({}){}", in.value, out ? "" : " -> ?");
    case Input::Kind::kCas:
      return fmt::format("cas({}, {}) -> {}", show(in.expected), in.value,
                         out ? (out->ok ? "ok" : "fail") : "?");
  }
  return "?";
}

std::string RegisterModel::describe(const State& s) const { return show(s); }

}  // namespace dslab::lincheck
