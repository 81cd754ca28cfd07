// Field views and event lines of the exam session (see display.hpp).
#include "grader/exam/display.hpp"

#include <fmt/format.h>

namespace dslab::exam {
namespace {

constexpr std::size_t kMaxValue = 160;

std::string compact(const codec::Json& value) {
  std::string text = value.dump();
  if (text.size() > kMaxValue) text = text.substr(0, kMaxValue - 3) + "...";
  return text;
}

bool is_plain(const codec::Json& value) { return !value.is_object() && !value.is_array(); }

// A map's JSON view: an array of [key, value] pairs with plain keys.
bool is_map(const codec::Json& value) {
  for (const auto& e : value) {
    if (!e.is_array() || e.size() != 2 || !is_plain(e[0])) return false;
  }
  return true;
}

std::string key_text(const codec::Json& key) {
  return key.is_string() ? key.get<std::string>() : key.dump();
}

// Struct views carry their type's name; shown only for a struct without fields.
void flatten_into(const codec::Json& value, const std::string& path, Fields& out) {
  const std::string shown = path.empty() ? "(value)" : path;
  if (value.is_object() && !value.empty()) {
    if (value.size() == 1 && value.contains("type")) {
      out[shown] = value["type"].is_string() ? value["type"].get<std::string>() : compact(value);
      return;
    }
    for (const auto& [key, member] : value.items()) {
      if (key != "type") flatten_into(member, path.empty() ? key : path + "." + key, out);
    }
    return;
  }
  if (value.is_array() && !value.empty()) {
    if (is_map(value)) {
      for (const auto& e : value)
        flatten_into(e[1], fmt::format("{}[{}]", path, key_text(e[0])), out);
      return;
    }
    bool plain = true;
    for (const auto& e : value) plain = plain && is_plain(e);
    if (!plain) {
      for (std::size_t i = 0; i < value.size(); ++i)
        flatten_into(value[i], fmt::format("{}[{}]", path, i), out);
      return;
    }
  }
  out[shown] = compact(value);
}

}  // namespace

Fields flatten(const codec::Json& view) {
  Fields out;
  flatten_into(view, "", out);
  return out;
}

std::string highlight(const std::string& text, Style style) {
  return style.color ? "\033[1;33m" + text + "\033[0m" : text;
}

std::string render_fields(const Fields& now, const Fields& before, bool first_look, Style style) {
  std::string out;
  for (const auto& [path, value] : now) {
    const auto old = before.find(path);
    const bool changed = !first_look && (old == before.end() || old->second != value);
    if (!changed) {
      out += fmt::format("    {} = {}\n", path, value);
      continue;
    }
    const std::string was = old == before.end() ? "new" : "was " + old->second;
    out += highlight(fmt::format("  * {} = {}    ({})", path, value, was), style) + "\n";
  }
  if (!first_look) {
    for (const auto& [path, value] : before) {
      if (now.count(path) == 0U)
        out += highlight(fmt::format("  - {}    (gone, was {})", path, value), style) + "\n";
    }
  }
  return out;
}

std::string render_event(const trace::Event& e) {
  const std::string t = fmt::format("{:>11}", format_time(e.time));
  const std::string effect(13, ' ');  // under the event's description
  const std::string peer = e.peer == kEnvironment ? "env" : fmt::format("n{}", e.peer);
  const std::string why = e.decision.empty() ? "" : " (" + e.decision + ")";
  using K = trace::Kind;
  switch (e.kind) {
    case K::kDeliver:
      return fmt::format("{}  n{} receives {} from {}", t, e.node, e.what, peer);
    case K::kInject:
      return fmt::format("{}  n{} receives {} from env", t, e.node, e.what);
    case K::kTimer:
      return fmt::format("{}  n{} timer {} fires", t, e.node, e.what);
    case K::kStart:
      return fmt::format("{}  n{} starts", t, e.node);
    case K::kSend:
      return fmt::format("{}  n{} sends {} to n{}{}", effect, e.node, e.what, e.peer, why);
    case K::kNote:
      return fmt::format("{}  n{} {}{}", effect, e.node, e.what, why);
    case K::kOutput:
      return fmt::format("{}  n{} OUTPUT {}", effect, e.node, e.what);
    case K::kStorage:
      return fmt::format("{}  n{} writes stable storage key \"{}\"{}", effect, e.node, e.what, why);
    case K::kLog:
      return fmt::format("{}  n{} log: {}", effect, e.node, e.what);
    case K::kDrop: {
      const std::string from = e.node == kEnvironment ? "env" : fmt::format("n{}", e.node);
      return fmt::format("{}  DROPPED {} {}->n{}{}", t, e.what, from, e.peer, why);
    }
    case K::kDuplicate:
      return fmt::format("{}  duplicated {} n{}->n{}", t, e.what, e.node, e.peer);
    case K::kCrash:
      return fmt::format("{}  n{} CRASHED{}", t, e.node, why);
    case K::kRestart:
      return fmt::format("{}  n{} restarts{}", t, e.node, why);
    case K::kPartition:
      return fmt::format("{}  partition {}", t, e.what);
    case K::kHeal:
      return fmt::format("{}  heal: every link restored", t);
    case K::kViolation:
      return fmt::format("{}  VIOLATION {}{}", t, e.what, why);
  }
  return fmt::format("{}  {}{}", t, e.what, why);
}

}  // namespace dslab::exam
