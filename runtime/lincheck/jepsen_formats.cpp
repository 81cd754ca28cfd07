// Parsers of the two public Jepsen history formats: the etcd register log and the EDN kv log.
#include <charconv>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/lincheck/assembler.hpp"
#include "runtime/lincheck/formats.hpp"

namespace dslab::lincheck::detail {

namespace {

std::vector<std::string_view> split_ws(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\t' && text[j] != '\r') ++j;
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

bool parse_int(std::string_view text, std::int64_t& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && !text.empty();
}

// Whether `text` is written as an integer (digits, an optional leading '-') that parse_int
// refused: then it is out of the 64-bit range, which the error must say.
bool too_big(std::string_view text) {
  if (text.starts_with('-')) text.remove_prefix(1);
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// Everything after the value tokens a line holds, for an error message ("':hint 0'").
std::string rest_of(const std::vector<std::string_view>& value, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < value.size(); ++i) out += (out.empty() ? "" : " ") + std::string(value[i]);
  return out;
}

/// "nil" or an integer.
bool parse_value(std::string_view text, RegisterModel::Value& out) {
  if (text == "nil") {
    out = std::nullopt;
    return true;
  }
  std::int64_t v = 0;
  if (!parse_int(text, v)) return false;
  out = v;
  return true;
}

using RegInput = RegisterModel::Input;

RegInput etcd_input(const Assembler<RegisterModel>& a, std::size_t line, std::string_view f,
                    const std::vector<std::string_view>& value) {
  RegisterModel::Value v;
  if (f == ":read") return RegisterModel::read();
  if (f == ":write") {
    if (value.empty()) a.fail(line, "write needs an integer value");
    if (value.size() > 1) {
      a.fail(line, "unexpected '" + rest_of(value, 1) + "' after the value of :write (expected "
                   "'INFO jepsen.util - <process> :invoke :write <integer>')");
    }
    if (too_big(value[0]) && !parse_value(value[0], v)) {
      a.fail(line, "write value '" + std::string(value[0]) + "' is out of the 64-bit range");
    }
    if (!parse_value(value[0], v) || !v) {
      a.fail(line, "write needs an integer value, got '" + std::string(value[0]) + "'");
    }
    return RegisterModel::write(*v);
  }
  if (f == ":cas") {
    RegisterModel::Value to;
    if (value.size() > 2) {
      a.fail(line, "unexpected '" + rest_of(value, 2) + "' after the value of :cas");
    }
    if (value.size() != 2 || !value[0].starts_with('[') || !value[1].ends_with(']') ||
        !parse_value(value[0].substr(1), v) ||
        !parse_value(value[1].substr(0, value[1].size() - 1), to) || !to) {
      a.fail(line, "cas needs [expected new] with integers (expected may be nil)");
    }
    return RegisterModel::cas(v, *to);
  }
  a.fail(line, "unknown operation '" + std::string(f) + "' (expected :read, :write or :cas)");
}

const char* kind_name(RegInput::Kind kind) {
  switch (kind) {
    case RegInput::Kind::kRead:
      return ":read";
    case RegInput::Kind::kWrite:
      return ":write";
    case RegInput::Kind::kCas:
      return ":cas";
  }
  return "?";
}

void etcd_completion(Assembler<RegisterModel>& a, std::size_t line, std::int64_t proc,
                     std::string_view type, std::string_view f,
                     const std::vector<std::string_view>& value) {
  if (type == ":info" || (type == ":fail" && value.size() == 1 && value[0] == ":timed-out")) {
    a.unknown(line, proc);
    return;
  }
  const RegInput::Kind kind = a.pending(line, proc).input.kind;
  if (f != kind_name(kind)) {
    a.fail(line, "completion " + std::string(f) + " does not match the pending " +
                     kind_name(kind) + " of process " + std::to_string(proc));
  }
  const Time t = static_cast<Time>(line);
  if (type == ":fail") {
    if (kind == RegInput::Kind::kCas) return a.ok(line, proc, RegisterModel::cas_result(false), t);
    return a.failed(line, proc);
  }
  if (type != ":ok") a.fail(line, "unknown event type '" + std::string(type) + "'");
  if (kind != RegInput::Kind::kRead) return a.ok(line, proc, RegisterModel::cas_result(true), t);
  RegisterModel::Value v;
  if (value.size() > 1) a.fail(line, "unexpected '" + rest_of(value, 1) + "' after the value of :read");
  if (value.size() == 1 && too_big(value[0]) && !parse_value(value[0], v)) {
    a.fail(line, "read value '" + std::string(value[0]) + "' is out of the 64-bit range");
  }
  if (value.size() != 1 || !parse_value(value[0], v)) a.fail(line, "read returns nil or an integer");
  a.ok(line, proc, RegisterModel::returned(v), t);
}

}  // namespace

Parsed<RegisterModel> read_jepsen_etcd(std::istream& in, const std::string& file) {
  Assembler<RegisterModel> a(file);
  std::string text;
  std::size_t line = 0;
  while (std::getline(in, text)) {
    ++line;
    const auto tok = split_ws(text);
    if (tok.empty()) continue;
    std::int64_t proc = 0;
    if (tok.size() >= 4 && too_big(tok[3]) && !parse_int(tok[3], proc)) {
      a.fail(line, "process '" + std::string(tok[3]) + "' is out of the 64-bit range");
    }
    if (tok.size() < 6 || tok[0] != "INFO" || tok[1] != "jepsen.util" || tok[2] != "-" ||
        !parse_int(tok[3], proc)) {
      a.fail(line, "expected 'INFO jepsen.util - <process> :<type> :<f> <value>'");
    }
    const std::vector<std::string_view> value(tok.begin() + 6, tok.end());
    if (tok[4] == ":invoke") {
      a.invoke(line, proc, static_cast<int>(proc), etcd_input(a, line, tok[5], value),
               static_cast<Time>(line));
    } else {
      etcd_completion(a, line, proc, tok[4], tok[5], value);
    }
  }
  return {RegisterModel{}, a.finish()};
}

namespace {

/// One value of a flat EDN map: a keyword (":x", kept with its colon), a string, an integer or
/// nil.
struct EdnValue {
  /// kOther: a collection ([...], {...}, (...), #{...}) kept as text; no field we read is one.
  enum class Kind { kKeyword, kString, kInt, kNil, kOther } kind = Kind::kNil;
  std::string text;
  std::int64_t number = 0;
};

class EdnLine {
 public:
  EdnLine(std::string_view text, const Assembler<KvModel>& a, std::size_t line)
      : s_(text), a_(a), line_(line) {}

  /// Parses "{:key value, ...}".
  std::map<std::string, EdnValue> parse_map() {
    std::map<std::string, EdnValue> out;
    skip();
    expect('{');
    for (skip(); peek() != '}'; skip()) {
      EdnValue key = parse_value();
      if (key.kind != EdnValue::Kind::kKeyword) a_.fail(line_, "EDN map keys must be keywords");
      skip();
      out[key.text] = parse_value();
    }
    ++i_;
    skip();
    // A ';' starts a comment that runs to the end of the line.
    if (i_ != s_.size() && s_[i_] != ';') a_.fail(line_, "unexpected text after the EDN map");
    return out;
  }

 private:
  char peek() {
    if (i_ >= s_.size()) a_.fail(line_, "unterminated EDN map");
    return s_[i_];
  }
  void expect(char c) {
    if (peek() != c) a_.fail(line_, std::string("expected '") + c + "' in EDN map");
    ++i_;
  }
  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == ',' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
  }
  EdnValue parse_value() {
    EdnValue v;
    const char c = peek();
    if (c == '"') return parse_string();
    if (c == '[' || c == '{' || c == '(' || c == '#') return parse_collection();
    const std::size_t start = i_;
    while (i_ < s_.size() && s_[i_] != ' ' && s_[i_] != ',' && s_[i_] != '}') ++i_;
    v.text = std::string(s_.substr(start, i_ - start));
    if (c == ':' && v.text.size() > 1) {
      v.kind = EdnValue::Kind::kKeyword;
    } else if (v.text == "nil") {
      v.kind = EdnValue::Kind::kNil;
    } else if (parse_int(v.text, v.number)) {
      v.kind = EdnValue::Kind::kInt;
    } else if (too_big(v.text)) {
      a_.fail(line_, "EDN integer '" + v.text + "' is out of the 64-bit range");
    } else {
      a_.fail(line_, "unsupported EDN value '" + v.text + "'");
    }
    return v;
  }
  EdnValue parse_string() {
    EdnValue v;
    v.kind = EdnValue::Kind::kString;
    ++i_;
    auto next = [&] {
      if (i_ >= s_.size()) a_.fail(line_, "unterminated EDN string (no closing '\"' on this line)");
      return s_[i_];
    };
    for (char c = next(); c != '"'; c = next()) {
      ++i_;
      if (c == '\\') {
        const char e = next();
        ++i_;
        c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
      }
      v.text += c;
    }
    ++i_;
    return v;
  }
  // A balanced collection, strings inside it respected; its text is kept for messages.
  EdnValue parse_collection() {
    EdnValue v;
    v.kind = EdnValue::Kind::kOther;
    const std::size_t start = i_;
    if (s_[i_] == '#') ++i_;  // a set: #{...}
    int depth = 0;
    do {
      const char c = peek();
      if (c == '"') {
        parse_string();
        continue;
      }
      ++i_;
      if (c == '[' || c == '{' || c == '(') ++depth;
      if (c == ']' || c == '}' || c == ')') --depth;
    } while (depth > 0);
    v.text = std::string(s_.substr(start, i_ - start));
    return v;
  }
  std::string_view s_;
  const Assembler<KvModel>& a_;
  std::size_t line_;
  std::size_t i_ = 0;
};

std::string field_text(const Assembler<KvModel>& a, std::size_t line,
                       const std::map<std::string, EdnValue>& m, const std::string& name,
                       bool nil_ok) {
  auto it = m.find(name);
  if (it == m.end()) a.fail(line, "missing " + name);
  switch (it->second.kind) {
    case EdnValue::Kind::kString:
    case EdnValue::Kind::kKeyword:
      return it->second.text;
    case EdnValue::Kind::kInt:
      return std::to_string(it->second.number);
    case EdnValue::Kind::kNil:
      if (!nil_ok) a.fail(line, name + " must not be nil");
      return "";
    case EdnValue::Kind::kOther:
      a.fail(line, name + " must be a string, a keyword or an integer, got '" + it->second.text + "'");
  }
  return "";
}

void edn_event(Assembler<KvModel>& a, std::size_t line, const std::map<std::string, EdnValue>& m) {
  auto proc_it = m.find(":process");
  if (proc_it == m.end()) a.fail(line, "missing :process");
  if (proc_it->second.kind == EdnValue::Kind::kKeyword && proc_it->second.text == ":nemesis") {
    return;  // the fault injector's own events (partitions, kills): not client operations
  }
  if (proc_it->second.kind != EdnValue::Kind::kInt) {
    a.fail(line, ":process must be an integer (or :nemesis, whose events are skipped), got '" +
                     proc_it->second.text + "'");
  }
  const std::int64_t proc = proc_it->second.number;
  const std::string type = field_text(a, line, m, ":type", false);
  const std::string f = field_text(a, line, m, ":f", false);
  const Time t = static_cast<Time>(line);
  if (type == ":invoke") {
    if (f != ":get" && f != ":put" && f != ":append") {
      a.fail(line, "unknown :f '" + f + "' (expected :get, :put or :append)");
    }
    const std::string key = field_text(a, line, m, ":key", false);
    if (f == ":get") return a.invoke(line, proc, static_cast<int>(proc), KvModel::get(key), t);
    const std::string value = field_text(a, line, m, ":value", false);
    if (f == ":put") return a.invoke(line, proc, static_cast<int>(proc), KvModel::put(key, value), t);
    return a.invoke(line, proc, static_cast<int>(proc), KvModel::append(key, value), t);
  }
  if (type == ":info") return a.unknown(line, proc);
  if (type == ":fail") return a.failed(line, proc);
  if (type != ":ok") a.fail(line, "unknown :type '" + type + "'");
  const bool is_get = a.pending(line, proc).input.kind == KvModel::Input::Kind::kGet;
  if (is_get != (f == ":get")) a.fail(line, "completion :f does not match the pending operation");
  KvModel::Output out;
  if (is_get) out.value = field_text(a, line, m, ":value", true);
  a.ok(line, proc, std::move(out), t);
}

}  // namespace

Parsed<KvModel> read_edn_kv(std::istream& in, const std::string& file) {
  Assembler<KvModel> a(file);
  std::string text;
  std::size_t line = 0;
  while (std::getline(in, text)) {
    ++line;
    const std::size_t first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos || text[first] == ';') continue;  // blank, or a comment
    edn_event(a, line, EdnLine(text, a, line).parse_map());
  }
  return {KvModel{}, a.finish()};
}

}  // namespace dslab::lincheck::detail
