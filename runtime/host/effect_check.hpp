// Validation of the effects a node host answers with: the harness accepts only what a Context
// can produce (timer delays within bounds, timer ids it lent), so a host that bypasses the
// Context cannot overflow the simulator's clock. A send to an id outside the cluster is
// something a Context can produce: every engine hands it to the simulator, which drops it as
// "no such node" (rejecting it here only would make the grader's run differ from a local one).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "runtime/codec/state.hpp"
#include "runtime/node/effects.hpp"

namespace dslab::host {

/// The longest timer delay accepted: 100 years of virtual time (no run gets near it, and the
/// simulator's clock cannot overflow adding it).
inline constexpr Duration kMaxTimerDelay = sec(3600) * 24 * 365 * 100;

/// What one event's effects may name: the node and the timer ids lent to the event.
struct EffectBounds {
  NodeId self = 0;
  TimerId first_timer = 0;  ///< the first timer id lent to the event
  TimerId next_timer = 0;   ///< one past the last id the host says it used
};

/// Why `effect` is not one a Context could have produced in this event, or nullopt if it is.
template <class P>
std::optional<std::string> invalid_effect(const node::Effect<P>& effect, const EffectBounds& b) {
  if (const auto* timer = std::get_if<node::SetTimer<P>>(&effect)) {
    if (timer->after < 0 || timer->after > kMaxTimerDelay) {
      return fmt::format("n{} set a timer {} µs ahead (a delay must be from 0 to {} µs)", b.self,
                         timer->after, kMaxTimerDelay);
    }
    if (timer->id < b.first_timer || timer->id >= b.next_timer) {
      return fmt::format("n{} set a timer with id {}, not one of the ids lent to this event ({}..{})",
                         b.self, timer->id, b.first_timer, b.next_timer);
    }
  }
  return std::nullopt;
}

}  // namespace dslab::host
