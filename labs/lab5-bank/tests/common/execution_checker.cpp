// Lab 5 checker: replicas' executions against the decided log (see the header).
#include "labs/lab5-bank/tests/common/execution_checker.hpp"

#include <fmt/format.h>

namespace lab5::checks {

ExecutionChecker::ExecutionChecker(Sim& sim) : sim_(sim) {
  sim_.run_events().on_output([this](const dslab::sim::OutputEvent<Protocol>& e) {
    if (sim_.failed()) return;
    if (const auto* x = std::get_if<Executed>(&e.output)) on_executed(e.node, *x);
    if (const auto* r = std::get_if<Reply>(&e.output)) on_reply(e.node, *r);
  });
  sim_.run_events().on_restart([this](const dslab::sim::RestartEvent& e) { done_[e.node] = 0; });
}

void ExecutionChecker::decided(Slot slot, const Batch& batch) {
  slots_ = slot;
  if (batch.commands.size() > 1) ++batched_;
  for (const Command& c : batch.commands) {
    in_log_.insert({c.client, c.seq});
    auto& latest = latest_[c.client];
    if (c.seq <= latest) continue;  // a copy of an executed request, or a stale retry
    latest = c.seq;
    BankOps::State next;
    const Result r = expected(bank_, c.op, next);
    bank_ = std::move(next);
    index_[{c.client, c.seq}] = reference_.size();
    reference_.push_back(Entry{slot, c, r});
  }
}

std::int64_t ExecutionChecker::total() const {
  std::int64_t sum = 0;
  for (const auto& [account, balance] : bank_) sum += balance;
  return sum;
}

void ExecutionChecker::on_executed(NodeId node, const Executed& e) {
  std::size_t& done = done_[node];
  const bool in_place = done < reference_.size() && reference_[done].slot == e.slot &&
                        reference_[done].command == e.command;
  if (!in_place) return sim_.fail("safety", misplaced(node, e, done));
  const Entry& want = reference_[done];
  if (!(want.result == e.result)) {
    return sim_.fail("safety", fmt::format(
        "bank: n{} executed {} (slot {}) with result \"{}\"; executing the decided log in slot "
        "order gives \"{}\"",
        node, describe(e.command), e.slot, describe(e.result), describe(want.result)));
  }
  ++done;
}

std::string ExecutionChecker::misplaced(NodeId node, const Executed& e, std::size_t done) const {
  const std::string what = fmt::format("n{} executed {} from slot {}", node, describe(e.command),
                                       e.slot);
  const Key key{e.command.client, e.command.seq};
  const auto it = index_.find(key);
  if (it != index_.end() && it->second < done) {
    return fmt::format("exactly once: {}, but it executed that request already since its last "
                       "start (from slot {}): a request decided twice, or retried, runs once",
                       what, reference_[it->second].slot);
  }
  if (in_log_.count(key) != 0 && it == index_.end()) {
    return fmt::format("exactly once: {}, a stale copy of an old request (the client had a "
                       "later request executed before it): it must never run", what);
  }
  if (in_log_.count(key) == 0) {
    return fmt::format("validity: {}, but no decided slot holds that request", what);
  }
  if (done >= reference_.size()) {
    return fmt::format("order: {}, but it has executed every decided command already", what);
  }
  const Entry& next = reference_[done];
  if (it->second == done) {
    return fmt::format("order: {}, but the log decided it in slot {}", what, next.slot);
  }
  return fmt::format("order: {} before {} from slot {}: slots execute in order 1, 2, 3, ..., the "
                     "commands of a slot in batch order, each request once",
                     what, describe(next.command), next.slot);
}

void ExecutionChecker::on_reply(NodeId node, const Reply& r) {
  const auto it = index_.find({r.client, r.seq});
  if (it == index_.end()) {
    return sim_.fail("safety", fmt::format(
        "reply without the log: n{} replied \"{}\" to c{}.{}, a request no decided slot has "
        "executed yet (every answer, reads too, comes from executing the decided log)",
        node, describe(r.result), r.client, r.seq));
  }
  const Entry& want = reference_[it->second];
  if (!(want.result == r.result)) {
    sim_.fail("safety", fmt::format("reply: n{} replied \"{}\" to {}; its execution (slot {}) "
                                    "gave \"{}\"",
                                    node, describe(r.result), describe(want.command), want.slot,
                                    describe(want.result)));
  }
}

bool ExecutionChecker::all_live_caught_up() const {
  for (NodeId n : sim_.live_nodes()) {
    const auto it = done_.find(n);
    if ((it == done_.end() ? 0 : it->second) < reference_.size()) return false;
  }
  return true;
}

std::string ExecutionChecker::behind() const {
  std::string out;
  for (NodeId n : sim_.live_nodes()) {
    const auto it = done_.find(n);
    const std::size_t done = it == done_.end() ? 0 : it->second;
    if (done < reference_.size()) {
      out += fmt::format("{}n{} executed {} of {} commands", out.empty() ? "" : ", ", n, done,
                         reference_.size());
    }
  }
  return out.empty() ? "none" : out;
}

}  // namespace lab5::checks
