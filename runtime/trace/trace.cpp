// Trace recording, hashing, JSON lines, the column rendering and divergence search.
#include "runtime/trace/trace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

namespace dslab::trace {
namespace {

// Word-at-a-time mixing (multiply, xor-shift), fixed constants: stable across machines and
// runs, and a few cycles per word instead of FNV's eight multiplies.
std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 32);
}

const char* marker(Kind kind) {
  switch (kind) {
    case Kind::kStart: return "★";
    case Kind::kDeliver: return "◉";
    case Kind::kTimer: return "◷";
    case Kind::kSend: return "●";
    case Kind::kDrop: return "✕";
    case Kind::kDuplicate: return "‖";
    case Kind::kCrash: return "X";
    case Kind::kRestart: return "R";
    case Kind::kPartition: return "┃";
    case Kind::kHeal: return "┋";
    case Kind::kOutput: return "◆";
    case Kind::kLog: return "·";
    case Kind::kStorage: return "▣";
    case Kind::kInject: return "◉";
    case Kind::kViolation: return "!";
    case Kind::kNote: return "·";
  }
  return "?";
}

std::string label(const Event& e) {
  std::string text;
  switch (e.kind) {
    case Kind::kSend: text = fmt::format("{} → n{}", e.what, e.peer); break;
    case Kind::kDeliver: text = fmt::format("recv {} from n{}", e.what, e.peer); break;
    case Kind::kInject: text = fmt::format("recv {} from env", e.what); break;
    case Kind::kDrop: text = fmt::format("drop {} n{}→n{}", e.what, e.node, e.peer); break;
    case Kind::kDuplicate: text = fmt::format("dup {} n{}→n{}", e.what, e.node, e.peer); break;
    default: text = fmt::format("{} {}", kind_name(e.kind), e.what); break;
  }
  if (!e.decision.empty()) text += fmt::format("  [{}]", e.decision);
  return text;
}

}  // namespace

const char* kind_name(Kind kind) {
  static constexpr std::array<const char*, 16> names{
      "start", "deliver", "timer", "send",   "drop", "duplicate", "crash",     "restart",
      "partition", "heal", "output", "log", "storage", "inject", "violation", "note"};
  return names[static_cast<std::size_t>(kind)];
}

void Recorder::record(Time time, Kind kind, NodeId node, NodeId peer, std::uint64_t content_hash,
                      std::string what, std::string decision, codec::Json json) {
  if (level_ == Level::kOff) return;
  std::uint64_t h = 0xcbf29ce484222325ULL;
  h = mix(h, static_cast<std::uint64_t>(time));
  h = mix(h, static_cast<std::uint64_t>(kind));
  h = mix(h, static_cast<std::uint64_t>(static_cast<std::uint32_t>(node)) << 32 |
                 static_cast<std::uint32_t>(peer));
  h = mix(h, content_hash);
  hash_ = mix(hash_, h);
  if (level_ == Level::kFull) {
    events_.push_back(Event{count_, time, kind, node, peer, std::move(what), std::move(decision),
                            std::move(json), h});
  }
  ++count_;
}

void Recorder::set_cause_of_last(std::uint64_t cause) {
  if (level_ == Level::kFull && !events_.empty()) events_.back().cause = cause;
}

void Recorder::set_state(std::uint64_t index, codec::Json state) {
  if (level_ == Level::kFull && index < events_.size()) events_[index].state = std::move(state);
}

codec::Json to_json(const Event& e) {
  codec::Json j = codec::Json::object();
  j["i"] = e.index;
  j["t"] = e.time;
  j["kind"] = kind_name(e.kind);
  j["node"] = e.node;
  if (e.peer != 0) j["peer"] = e.peer;
  if (!e.what.empty()) j["what"] = e.what;
  if (!e.json.is_null()) j["payload"] = e.json;
  if (!e.decision.empty()) j["decision"] = e.decision;
  if (e.cause) j["cause"] = *e.cause;
  if (!e.state.is_null()) j["state"] = e.state;
  return j;
}

void Recorder::write_json_lines(std::ostream& out) const {
  for (const auto& e : events_) out << to_json(e).dump() << "\n";
}

namespace {

constexpr int kTimeWidth = 11;
constexpr int kMinLabelWidth = 40;

// Display columns of UTF-8 text (every code point one column: the trace uses no wide ones).
int display_width(const std::string& s) {
  int n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// The byte offset after `columns` code points of s (or s.size()).
std::size_t byte_offset(const std::string& s, int columns) {
  std::size_t i = 0;
  for (int seen = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && seen++ == columns) break;
  }
  return i;
}

// Splits a label into pieces of at most `width` columns, preferring to break after a space or
// a comma.
std::vector<std::string> wrap(std::string text, int width) {
  std::vector<std::string> out;
  while (width > 0 && display_width(text) > width) {
    std::size_t cut = byte_offset(text, width);
    const std::size_t soft = text.find_last_of(" ,", cut - 1);
    if (soft != std::string::npos && soft > cut / 2) cut = soft + 1;
    std::string piece = text.substr(0, cut);
    while (!piece.empty() && piece.back() == ' ') piece.pop_back();
    out.push_back(std::move(piece));
    text = text.substr(cut);
  }
  out.push_back(std::move(text));
  return out;
}

int column_width(const RenderOptions& options) {
  if (options.column_width > 0) return options.column_width;
  if (options.max_width <= 0 || options.nodes <= 0) return 10;
  const int room = (options.max_width - kTimeWidth - 4 - kMinLabelWidth) / options.nodes;
  return std::clamp(room, 4, 10);
}

}  // namespace

std::string render_text(const std::vector<Event>& events, const RenderOptions& options) {
  const int width = column_width(options);
  const int cols = options.nodes * width;
  const int label_width = options.max_width > 0 ? options.max_width - kTimeWidth - 4 - cols : 0;
  const std::string indent(static_cast<std::size_t>(kTimeWidth + 4 + cols), ' ');
  std::string out = fmt::format("{:>{}}  ", "time", kTimeWidth);
  for (int n = 1; n <= options.nodes; ++n) out += fmt::format("{:<{}}", fmt::format("n{}", n), width);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out += "\n";
  const std::size_t begin =
      options.last == 0 || events.size() <= options.last ? 0 : events.size() - options.last;
  for (std::size_t i = begin; i < events.size(); ++i) {
    const Event& e = events[i];
    if (!options.show_logs && e.kind == Kind::kLog) continue;
    std::vector<std::string> cells(static_cast<std::size_t>(cols), " ");
    auto pos = [&](NodeId n) { return (n - 1) * width + 1; };
    const bool in_range = e.node >= 1 && e.node <= options.nodes;
    if (in_range) {
      if (e.kind == Kind::kSend && e.peer >= 1 && e.peer <= options.nodes && e.peer != e.node) {
        const int a = pos(e.node), b = pos(e.peer);
        for (int c = std::min(a, b) + 1; c < std::max(a, b); ++c) cells[static_cast<std::size_t>(c)] = "─";
        cells[static_cast<std::size_t>(b)] = b > a ? "▶" : "◀";
      }
      cells[static_cast<std::size_t>(pos(e.node))] = marker(e.kind);
    }
    std::string row;
    for (const auto& c : cells) row += c;
    const auto pieces = wrap(label(e), label_width > 0 ? std::max(label_width, 20) : 0);
    out += fmt::format("{:>{}}  {}  {}\n", format_time(e.time), kTimeWidth, row, pieces.front());
    for (std::size_t p = 1; p < pieces.size(); ++p) out += indent + pieces[p] + "\n";
  }
  return out;
}

std::string Divergence::describe() const {
  auto show = [](const std::optional<Event>& e) {
    if (!e) return std::string("(run ended)");
    return fmt::format("{} {} at n{}{} t={} {}", kind_name(e->kind), e->what, e->node,
                       e->peer != 0 ? fmt::format(" (peer n{})", e->peer) : std::string(),
                       format_time(e->time), e->decision);
  };
  return fmt::format("event {} differs:\n  run 1: {}\n  run 2: {}", index, show(first),
                     show(second));
}

std::optional<Divergence> first_divergence(const std::vector<Event>& a,
                                           const std::vector<Event>& b) {
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const bool has_a = i < a.size(), has_b = i < b.size();
    if (has_a && has_b && a[i].hash == b[i].hash) continue;
    Divergence d;
    d.index = i;
    if (has_a) d.first = a[i];
    if (has_b) d.second = b[i];
    return d;
  }
  return std::nullopt;
}

}  // namespace dslab::trace
