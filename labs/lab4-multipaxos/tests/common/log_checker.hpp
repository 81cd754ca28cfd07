// Lab 4 checker: the safety of the replicated log, observed from the Delivered outputs only
// (agreement per slot, gap-free in-order delivery once per replica, validity), plus the
// liveness predicates of the scenarios.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "labs/lab4-multipaxos/api/protocol.hpp"
#include "runtime/sim/simulator.hpp"

namespace lab4::checks {

using Sim = dslab::sim::Simulator<Protocol>;

/// Watches every Delivered output as it happens and fails the run (kind "safety") on the first
/// violation of: agreement (two replicas deliver different commands in one slot), order (a
/// replica delivers a slot other than the one after its last, starting at 1, also across
/// restarts), validity (a command no client submitted). Create it right after the simulator;
/// it must outlive the run. Not thread-safe.
class LogChecker {
 public:
  explicit LogChecker(Sim& sim);
  LogChecker(const LogChecker&) = delete;
  LogChecker& operator=(const LogChecker&) = delete;

  /// Records that a client submitted `command` (call before injecting it).
  void submitted(const Command& command);
  /// Slots delivered by replica n so far (its last delivered slot).
  Slot delivered(NodeId n) const;
  /// The highest slot any replica delivered.
  Slot highest() const { return log_.empty() ? kNoSlot : log_.rbegin()->first; }
  /// Whether some replica delivered the command (client, seq).
  bool delivered_command(std::int32_t client, std::uint64_t seq) const {
    return commands_.count({client, seq}) != 0;
  }
  /// Whether every live replica delivered every slot any replica delivered.
  bool all_live_caught_up() const;
  /// "n1 at slot 3, n2 at slot 0 (highest 7)" for the live replicas behind (liveness messages).
  std::string behind() const;
  /// Number of slots delivered that hold command (client, seq) (a retried command may repeat).
  int copies(std::int32_t client, std::uint64_t seq) const;

 private:
  void check(dslab::Time at, NodeId node, const Delivered& delivered);

  Sim& sim_;
  std::map<std::pair<std::int32_t, std::uint64_t>, std::string> submitted_;
  std::map<Slot, std::pair<NodeId, Command>> log_;
  std::map<NodeId, Slot> last_;
  std::map<std::pair<std::int32_t, std::uint64_t>, int> commands_;
};

}  // namespace lab4::checks
