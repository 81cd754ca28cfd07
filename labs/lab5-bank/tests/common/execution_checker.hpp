// Lab 5 checker: every replica's execution, observed from its Executed and Reply outputs, against
// the reference execution of the decided log (slot order, batch order, each request once by
// client id and sequence number, the bank's rules). The first difference fails the run with what
// the replica did and what the log says it should have done.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "labs/lab5-bank/api/protocol.hpp"
#include "labs/lab5-bank/tests/common/bank_ops.hpp"
#include "runtime/sim/simulator.hpp"

namespace lab5::checks {

using Sim = dslab::sim::Simulator<Protocol>;

/// Watches every Executed and Reply output as it happens and fails the run (kind "safety") on
/// the first of: a replica executing a command out of slot (or batch) order, twice since its
/// last start (exactly once), one no decided slot holds, or a stale retry of an older request;
/// a result other than the bank's rules give on the log's order; a Reply to a request no decided
/// slot holds (answered without the log) or with another result than its execution.
/// Create it right after the simulator; it must outlive the run. Not thread-safe.
class ExecutionChecker {
 public:
  explicit ExecutionChecker(Sim& sim);
  ExecutionChecker(const ExecutionChecker&) = delete;
  ExecutionChecker& operator=(const ExecutionChecker&) = delete;

  /// The log decided `batch` in `slot` (slots arrive in order 1, 2, 3, ...).
  void decided(Slot slot, const Batch& batch);
  /// Every live replica executed every command of every decided slot.
  bool all_live_caught_up() const;
  /// "n2 executed 3 of 9 commands" for the live replicas behind (liveness messages).
  std::string behind() const;
  /// Commands the reference executed (decided, first copies only).
  std::size_t executed() const { return reference_.size(); }
  /// Slots decided so far, and how many of them held a batch of more than one command.
  Slot slots() const { return slots_; }
  std::size_t batched_slots() const { return batched_; }
  /// The sum of every balance in the reference bank (deposits minus withdrawals so far).
  std::int64_t total() const;

 private:
  struct Entry {
    Slot slot = kNoSlot;
    Command command;
    Result result;
  };
  using Key = std::pair<std::int32_t, std::uint64_t>;
  void on_executed(NodeId node, const Executed& e);
  void on_reply(NodeId node, const Reply& r);
  std::string misplaced(NodeId node, const Executed& e, std::size_t position) const;

  Sim& sim_;
  std::vector<Entry> reference_;
  std::map<Key, std::size_t> index_;       // (client, seq) -> position in reference_
  std::set<Key> in_log_;                   // every request some decided slot holds
  std::map<std::int32_t, std::uint64_t> latest_;
  BankOps::State bank_;
  std::map<NodeId, std::size_t> done_;     // per replica: reference entries executed since start
  Slot slots_ = kNoSlot;
  std::size_t batched_ = 0;
};

}  // namespace lab5::checks
