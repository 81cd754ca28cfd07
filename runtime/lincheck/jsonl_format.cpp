// dslab's own history format: JSON lines (one event per line), for every built-in model.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>

#include "runtime/lincheck/assembler.hpp"
#include "runtime/lincheck/formats.hpp"

namespace dslab::lincheck::detail {

namespace {

using nlohmann::json;

/// Field access with errors that name the file, line and field.
template <class M>
struct Fields {
  const Assembler<M>& a;
  std::size_t line;
  const json& j;

  const json& at(const char* name) const {
    auto it = j.find(name);
    if (it == j.end()) a.fail(line, std::string("missing field \"") + name + "\"");
    return *it;
  }
  /// A signed 64-bit integer. JSON has no integer width: a larger number (which the parser
  /// would keep as unsigned or as a double) is an error, never wrapped around.
  std::int64_t integer(const char* name) const {
    const json& v = at(name);
    const bool fits = v.is_number_integer() &&
                      (!v.is_number_unsigned() ||
                       v.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX));
    if (!fits) {
      a.fail(line, std::string("field \"") + name +
                       "\" must be an integer that fits in 64 signed bits (-2^63 to 2^63-1)");
    }
    return v.get<std::int64_t>();
  }
  /// An integer in [lo, hi]; `what` says the range in words.
  std::int64_t ranged(const char* name, std::int64_t lo, std::int64_t hi, const char* what) const {
    const std::int64_t v = integer(name);
    if (v < lo || v > hi) a.fail(line, std::string("field \"") + name + "\" must be " + what);
    return v;
  }
  RegisterModel::Value integer_or_null(const char* name) const {
    const json& v = at(name);
    if (v.is_null()) return std::nullopt;
    return integer(name);
  }
  std::int64_t amount(const char* name) const {
    const std::int64_t v = integer(name);
    if (v < 0) a.fail(line, std::string("field \"") + name + "\" must not be negative");
    return v;
  }
  std::string string(const char* name, bool null_ok = false) const {
    const json& v = at(name);
    if (null_ok && v.is_null()) return "";
    if (!v.is_string()) a.fail(line, std::string("field \"") + name + "\" must be a string");
    return v.get<std::string>();
  }
  bool boolean(const char* name) const {
    const json& v = at(name);
    if (!v.is_boolean()) a.fail(line, std::string("field \"") + name + "\" must be true or false");
    return v.get<bool>();
  }
  [[noreturn]] void unknown_f(const std::string& f, const char* expected) const {
    a.fail(line, "unknown operation \"" + f + "\" (expected " + expected + ")");
  }
};

struct RegisterJson {
  using M = RegisterModel;
  static M model(const Fields<M>& init) { return M(init.integer_or_null("value")); }
  static M::Input input(const std::string& f, const Fields<M>& x) {
    if (f == "read") return M::read();
    if (f == "write") return M::write(x.integer("value"));
    if (f == "cas") return M::cas(x.integer_or_null("from"), x.integer("to"));
    x.unknown_f(f, "read, write or cas");
  }
  static M::Output output(const M::Input& in, const Fields<M>& x) {
    if (in.kind == M::Input::Kind::kRead) return M::returned(x.integer_or_null("value"));
    if (in.kind == M::Input::Kind::kCas) return M::cas_result(x.boolean("ok"));
    return M::cas_result(true);
  }
};

struct KvJson {
  using M = KvModel;
  static M model(const Fields<M>& init) {
    const json& values = init.at("values");
    if (!values.is_object()) init.a.fail(init.line, "field \"values\" must be an object");
    std::map<std::string, std::string> initial;
    for (const auto& [k, v] : values.items()) {
      if (!v.is_string()) init.a.fail(init.line, "initial values must be strings");
      initial[k] = v.get<std::string>();
    }
    return M(initial);
  }
  static M::Input input(const std::string& f, const Fields<M>& x) {
    if (f == "get") return M::get(x.string("key"));
    if (f == "put") return M::put(x.string("key"), x.string("value"));
    if (f == "append") return M::append(x.string("key"), x.string("value"));
    x.unknown_f(f, "get, put or append");
  }
  static M::Output output(const M::Input& in, const Fields<M>& x) {
    if (in.kind == M::Input::Kind::kGet) return {x.string("value", true)};
    return {};
  }
};

struct BankJson {
  using M = BankModel;
  static M model(const Fields<M>& init) {
    const json& balances = init.at("balances");
    if (!balances.is_object()) init.a.fail(init.line, "field \"balances\" must be an object");
    std::map<std::string, std::int64_t> initial;
    for (const auto& [k, v] : balances.items()) {
      const Fields<M> one{init.a, init.line, balances};
      initial[k] = one.integer(k.c_str());
    }
    return M(initial);
  }
  static M::Input input(const std::string& f, const Fields<M>& x) {
    if (f == "deposit") return M::deposit(x.string("account"), x.amount("amount"));
    if (f == "withdraw") return M::withdraw(x.string("account"), x.amount("amount"));
    if (f == "balance") return M::balance(x.string("account"));
    if (f == "transfer") return M::transfer(x.string("from"), x.string("to"), x.amount("amount"));
    x.unknown_f(f, "deposit, withdraw, balance or transfer");
  }
  static M::Output output(const M::Input& in, const Fields<M>& x) {
    M::Output out;
    switch (in.kind) {
      case M::Input::Kind::kBalance:
        out.balance = x.integer("value");
        break;
      case M::Input::Kind::kWithdraw:
      case M::Input::Kind::kTransfer:
        out.ok = x.boolean("ok");
        break;
      case M::Input::Kind::kDeposit:
        out.ok = x.j.contains("ok") ? x.boolean("ok") : true;
        break;
    }
    return out;
  }
};

/// Reads the events; `Traits` decodes the model-specific fields.
template <class Traits>
Parsed<typename Traits::M> read_jsonl(std::istream& in, const std::string& file) {
  using M = typename Traits::M;
  Assembler<M> a(file);
  std::optional<M> model;
  std::optional<bool> by_id;  // decided by the first event: match completions by id or client
  std::string text;
  std::size_t line = 0;
  bool seen_event = false;
  while (std::getline(in, text)) {
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) a.fail(line, "not a JSON object");
    const Fields<M> x{a, line, j};
    const std::string type = x.string("type");
    if (type == "init") {
      if (seen_event || model) a.fail(line, "\"init\" must be the first line");
      model = Traits::model(x);
      continue;
    }
    seen_event = true;
    if (!by_id) by_id = j.contains("id");
    if (*by_id != j.contains("id")) a.fail(line, "either every event has an \"id\" or none does");
    const std::int64_t key = *by_id ? x.integer("id") : x.integer("client");
    // kNever (INT64_MAX) stands for "never returned", so a real time is below it.
    const Time t = j.contains("time") ? x.ranged("time", 0, kNever - 1, "between 0 and 2^63-2")
                                      : static_cast<Time>(line);
    if (type == "invoke") {
      const auto client = x.ranged("client", INT32_MIN, INT32_MAX, "a 32-bit integer");
      a.invoke(line, key, static_cast<int>(client), Traits::input(x.string("f"), x), t);
    } else if (type == "ok") {
      a.ok(line, key, Traits::output(a.pending(line, key).input, x), t);
    } else if (type == "fail") {
      a.failed(line, key);
    } else if (type == "info") {
      a.unknown(line, key);
    } else {
      a.fail(line, "unknown event type \"" + type + "\" (expected init, invoke, ok, fail or info)");
    }
  }
  return {model ? std::move(*model) : M{}, a.finish()};
}

}  // namespace

Parsed<RegisterModel> read_jsonl_register(std::istream& in, const std::string& file) {
  return read_jsonl<RegisterJson>(in, file);
}
Parsed<KvModel> read_jsonl_kv(std::istream& in, const std::string& file) {
  return read_jsonl<KvJson>(in, file);
}
Parsed<BankModel> read_jsonl_bank(std::istream& in, const std::string& file) {
  return read_jsonl<BankJson>(in, file);
}

}  // namespace dslab::lincheck::detail
