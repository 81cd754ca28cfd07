// Lab 2 tests: the per-run checkers (the one place every randomized run builds them), the runner,
// and the lab's pieces of the randomized scenarios — cluster and network drawn from the seed,
// the fault phase, the bounds the handout promises, and what a bounded wait names as missing.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "labs/lab2-detector/tests/common/checker.hpp"
#include "labs/lab2-detector/tests/common/rules.hpp"
#include "runtime/testing/runner.hpp"
#include "runtime/testing/script.hpp"

namespace lab2::checks {

using Sim = dslab::sim::Simulator<Protocol>;
using dslab::msec;
using dslab::sec;

/// The checkers of every run, built by the runner right after the simulator; `Settings` are the
/// rules a test enforces. They observe every handler call, output and message as it happens and
/// fail the run at the first violation.
struct Checkers {
  using Settings = Rules;
  Checkers(Sim& sim, ObservedEngine& engine, const Rules& rules);
  /// Suspicions, leaders and delays as the nodes announced them, checked against `rules`, and
  /// the message rules (requests, replies, periods, budget).
  Checker detector;
  /// Every output and delay justified by what the node received (always on).
  JustifiedOutputs justified;
};

/// The runner of lab 2's randomized tests.
using Runner = dslab::labkit::Runner<Protocol, Checkers>;

/// End of the fault phase (crashes, restarts, partitions, one-way cuts, drops, duplicates,
/// delay spikes). At this time every link heals and every crashed node restarts.
inline constexpr Time kFaultsUntil = sec(2);
/// A crashed node is suspected by every correct node within this long after the crash.
inline constexpr Duration kCompletenessBound = sec(4);
/// After kFaultsUntil (reliable network, every node up), no node suspects another beyond this.
inline constexpr Duration kAccuracyBound = sec(4);
/// After the last fault, every correct node trusts the highest correct id within this long.
inline constexpr Duration kLeaderBound = sec(4);
/// Timers fire up to this much late (SimConfig::timer_jitter is drawn in [0, kMaxJitter]).
inline constexpr Duration kMaxJitter = msec(5);
/// How long a reached property must then keep holding.
inline constexpr Duration kHold = sec(1);

/// 3 to 5 nodes, a network drawn from the seed (swarm; in half the runs self-addressed messages
/// are faulty too), timer jitter up to 5 ms and boot times spread over 50 ms. `spikes` forces delay spikes on (to provoke false suspicions).
dslab::sim::SimConfig faulty_config(std::uint64_t seed, bool spikes = false);

/// The fault phase until `until` (nemesis), then the network `after` for the rest of the run.
void schedule_faults(Sim& sim, Time until, const dslab::sim::NetworkConfig& after);

/// A random non-empty minority of the nodes (at least one node; with 3 nodes exactly one), or a
/// possibly empty one when `allow_empty`.
std::vector<NodeId> pick_minority(Sim& sim, bool allow_empty);

/// "n1 does not suspect n4; n2 ..." for every live p and target q with !checker.suspects(p, q)
/// (or with suspects when `want` is false), "" if none.
std::string suspicion_gaps(const Checker& checker, const std::vector<NodeId>& observers,
                           const std::vector<NodeId>& targets, bool want);

/// "n2 ran no timeout after t=...; ..." for live nodes that have not run two timeouts after t,
/// appended to `detail` ("" if none and detail is empty).
std::string with_timeout_gaps(const Checker& checker, Time t, std::string detail);

/// The latest time a message sent at or before `t` on the run's initial (faulty) network can
/// still arrive: t + maximum latency + maximum spike.
Time in_flight_horizon(const Sim& sim, Time t);

/// The largest Timeout delay any live node set last.
Duration max_delay(const Checker& checker);

}  // namespace lab2::checks
