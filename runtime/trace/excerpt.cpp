// Choosing and rendering the trace excerpt of a failure report (see excerpt.hpp).
#include "runtime/trace/excerpt.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace dslab::trace {
namespace {

bool is_fault(Kind kind) {
  return kind == Kind::kCrash || kind == Kind::kRestart || kind == Kind::kPartition ||
         kind == Kind::kHeal;
}

bool is_message(Kind kind) {
  return kind == Kind::kSend || kind == Kind::kDeliver || kind == Kind::kDrop ||
         kind == Kind::kDuplicate || kind == Kind::kInject;
}

// "Prepare" of "Prepare(round=1)".
std::string message_type(const Event& e) { return e.what.substr(0, e.what.find('(')); }

bool contains(const std::vector<NodeId>& nodes, NodeId n) {
  return n != 0 && std::find(nodes.begin(), nodes.end(), n) != nodes.end();
}

// The nodes of the last node event before the failure: where the violation was detected.
std::vector<NodeId> derived_focus(std::span<const Event> events, std::size_t failure) {
  for (std::size_t i = std::min(failure, events.size()); i-- > 0;) {
    const Event& e = events[i];
    if (e.node == 0 || e.kind == Kind::kViolation) continue;
    std::vector<NodeId> out{e.node};
    if (is_message(e.kind) && e.peer != 0 && e.peer != e.node) out.push_back(e.peer);
    std::sort(out.begin(), out.end());
    return out;
  }
  return {};
}

// How much an event explains the failure: 0 not kept, 1 a message of a focus node, 2 a fault,
// an output, timer or crash of a focus node or a named message type. Over the budget, higher
// tiers win (so a focus node's earlier timeouts and outputs outlast its heartbeats).
int tier(const Event& e, const ExcerptOptions& options, const std::vector<NodeId>& focus) {
  if (is_fault(e.kind) || e.kind == Kind::kViolation) return 2;
  if (is_message(e.kind) && !options.messages.empty() &&
      std::find(options.messages.begin(), options.messages.end(), message_type(e)) !=
          options.messages.end()) {
    return 2;
  }
  if (contains(focus, e.node)) return is_message(e.kind) ? 1 : 2;
  return is_message(e.kind) && contains(focus, e.peer) ? 1 : 0;
}

std::string node_list(const std::vector<NodeId>& nodes) {
  std::string out;
  for (const NodeId n : nodes) out += fmt::format("{}n{}", out.empty() ? "" : ", ", n);
  return out;
}

std::string left_out_line(std::size_t count) {
  return fmt::format("{:>11}  … {} event{} left out\n", "", count, count == 1 ? "" : "s");
}

}  // namespace

std::size_t failure_index(std::span<const Event> events) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].kind == Kind::kViolation) return i;
  }
  return events.size();
}

Excerpt select_excerpt(std::span<const Event> events, std::size_t failure,
                       const ExcerptOptions& options) {
  Excerpt out;
  out.total = events.size();
  failure = std::min(failure, events.size());
  out.focus = options.nodes.empty() ? derived_focus(events, failure) : options.nodes;
  const std::size_t last = failure < events.size() ? failure + 1 : failure;  // one past the end
  const std::size_t recent_from = failure > options.recent ? failure - options.recent : 0;
  // The recent events (and the violation) first, then tier 2, then tier 1, each latest first.
  std::vector<std::size_t> kept;
  const std::size_t budget = options.budget == 0 ? last : options.budget;
  for (int want = 3; want >= 1 && kept.size() < budget; --want) {
    for (std::size_t i = last; i-- > 0 && kept.size() < budget;) {
      const int t = i >= recent_from || events[i].kind == Kind::kViolation
                        ? 3
                        : tier(events[i], options, out.focus);
      if (t == want) kept.push_back(i);
    }
  }
  std::sort(kept.begin(), kept.end());
  std::size_t next = 0;
  for (const std::size_t i : kept) {
    out.left_out.push_back(i - next);
    out.events.push_back(events[i]);
    next = i + 1;
  }
  out.after = events.size() - next;
  return out;
}

std::string render_excerpt(const Excerpt& excerpt, const RenderOptions& render) {
  std::string out = fmt::format("  trace excerpt: {} of {} events (", excerpt.events.size(),
                                excerpt.total);
  if (!excerpt.focus.empty()) out += fmt::format("those of {}, ", node_list(excerpt.focus));
  out += "the faults, the last ones before the failure):\n";
  RenderOptions options = render;
  options.last = 0;
  // The column header once, then one render_text per run of consecutive kept events.
  out += render_text({}, options);
  for (std::size_t begin = 0; begin < excerpt.events.size();) {
    if (excerpt.left_out[begin] > 0) out += left_out_line(excerpt.left_out[begin]);
    std::size_t end = begin + 1;
    while (end < excerpt.events.size() && excerpt.left_out[end] == 0) ++end;
    const std::vector<Event> run(excerpt.events.begin() + static_cast<std::ptrdiff_t>(begin),
                                 excerpt.events.begin() + static_cast<std::ptrdiff_t>(end));
    const std::string text = render_text(run, options);
    out += text.substr(text.find('\n') + 1);
    begin = end;
  }
  if (excerpt.after > 0) out += left_out_line(excerpt.after);
  return out;
}

std::string failure_excerpt(std::span<const Event> events, int nodes, bool whole,
                            const ExcerptOptions& options) {
  if (events.empty()) return "  (no trace recorded: replay the seed to see it)\n";
  RenderOptions render;
  render.nodes = nodes;
  if (whole) {
    return fmt::format("  trace (all {} events):\n", events.size()) +
           render_text(std::vector<Event>(events.begin(), events.end()), render);
  }
  const Excerpt excerpt = select_excerpt(events, failure_index(events), options);
  std::string out = render_excerpt(excerpt, render);
  if (excerpt.events.size() < excerpt.total) {
    out += fmt::format("  (the replay shows all {} events)\n", events.size());
  }
  return out;
}

}  // namespace dslab::trace
