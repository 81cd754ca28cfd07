// runtime/ipc/result.cpp: names and accessors of Failure and Result.
#include "runtime/ipc/result.hpp"

#include <stdexcept>

namespace dslab::ipc {

std::string_view to_string(FailureKind kind) {
  switch (kind) {
    case FailureKind::ChildExited:
      return "ChildExited";
    case FailureKind::Timeout:
      return "Timeout";
    case FailureKind::Protocol:
      return "Protocol";
    case FailureKind::TooLarge:
      return "TooLarge";
    case FailureKind::Closed:
      return "Closed";
  }
  return "Unknown";
}

std::string Failure::describe() const {
  std::string out(to_string(kind));
  if (!detail.empty()) {
    out += ": ";
    out += detail;
  }
  return out;
}

std::span<const std::byte> Result::bytes() const {
  if (const auto* bytes = std::get_if<std::span<const std::byte>>(&value_)) return *bytes;
  throw std::logic_error("ipc::Result::bytes() called on a failed result: " +
                         std::get<Failure>(value_).describe());
}

const Failure& Result::failure() const {
  if (const auto* failure = std::get_if<Failure>(&value_)) return *failure;
  throw std::logic_error("ipc::Result::failure() called on a successful result");
}

}  // namespace dslab::ipc
