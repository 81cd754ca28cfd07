// The trace excerpt of a failure report: the events around the violation (the nodes and
// messages the failed check names, the faults, the last few events before it), with counts of
// what was left out, rendered to fit a terminal.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "runtime/trace/trace.hpp"

namespace dslab::trace {

/// What the excerpt keeps. An event is kept when it is one of the `recent` events before the
/// failure, a fault (crash, restart, partition, heal) or the violation itself, or when it
/// involves a focus node (its node or its peer) or a focus message type. Over the `budget`, the
/// recent events come first, then faults, named message types and the focus nodes' other
/// events (timers, outputs, storage), then the focus nodes' messages; latest first in each.
struct ExcerptOptions {
  /// Nodes the failed check names. Empty: the nodes of the event the violation was detected
  /// at (the last node event before it: its node, and its peer for a message).
  std::vector<NodeId> nodes = {};
  /// Message type names (the text before '(' in an event's view, e.g. "Prepare"); empty: none.
  std::vector<std::string> messages = {};
  std::size_t recent = 5;   ///< the last events before the failure, kept whatever they are
  std::size_t budget = 12;  ///< at most this many events shown (one screen; reports keep 4 KB)
};

/// A chosen subset of a trace, in trace order.
struct Excerpt {
  std::vector<Event> events;            ///< the kept events
  std::vector<std::size_t> left_out;    ///< left_out[i]: events skipped before events[i]
  std::size_t after = 0;                ///< events after the last kept one (after the failure)
  std::size_t total = 0;                ///< events of the whole trace
  std::vector<NodeId> focus;            ///< the focus nodes used (given or derived)
};

/// Index of the failure in `events`: the first violation event, else events.size() (a failure
/// found after the run, e.g. liveness at the end: the whole trace comes before it).
std::size_t failure_index(std::span<const Event> events);

/// Chooses the excerpt of `events` around the event at `failure` (an index into `events`;
/// events.size() when the failure is after the last event).
Excerpt select_excerpt(std::span<const Event> events, std::size_t failure,
                       const ExcerptOptions& options);

/// Renders an excerpt: a heading "trace excerpt: K of N events (those of n1, n3, ...)", the node
/// columns of render_text, and a line "… N events left out" wherever events were skipped.
/// Lines fit `render.max_width` columns.
std::string render_excerpt(const Excerpt& excerpt, const RenderOptions& render);

/// The trace section of a failure report in one call: the whole trace when `whole` (a replay),
/// else the excerpt around the failure (the first violation event) with `options`.
std::string failure_excerpt(std::span<const Event> events, int nodes, bool whole,
                            const ExcerptOptions& options = {});

}  // namespace dslab::trace
