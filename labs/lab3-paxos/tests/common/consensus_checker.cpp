// Lab 3 checker: agreement, validity and exactly-once decisions (see the header).
#include "labs/lab3-paxos/tests/common/consensus_checker.hpp"

#include <fmt/format.h>

namespace lab3::checks {

ConsensusChecker::ConsensusChecker(Sim& sim) : sim_(sim) {
  sim_.on_output([this](const auto& record) { return check(record); });
}

std::optional<std::string> ConsensusChecker::check(
    const dslab::sim::OutputRecord<Protocol>& record) {
  const auto& decided = std::get<Decided>(record.output);
  const auto at = dslab::format_time(record.time);
  if (proposed_.count(decided.value) == 0) {
    return fmt::format("validity: n{} decided \"{}\" at t={}, a value no client proposed",
                       record.node, decided.value, at);
  }
  if (decisions_.count(record.node) != 0) {
    return fmt::format("exactly-once: n{} output Decided(\"{}\") again at t={} (first at t={})",
                       record.node, decided.value, at,
                       dslab::format_time(decisions_.at(record.node)));
  }
  if (value_ && *value_ != decided.value) {
    return fmt::format("agreement: n{} decided \"{}\" at t={} but n{} decided \"{}\" at t={}",
                       record.node, decided.value, at, first_, *value_,
                       dslab::format_time(first_at_));
  }
  decisions_.emplace(record.node, record.time);
  if (!value_) {
    value_ = decided.value;
    first_ = record.node;
    first_at_ = record.time;
  }
  return std::nullopt;
}

bool ConsensusChecker::all_live_decided() const {
  for (NodeId n : sim_.nodes()) {
    if (sim_.is_up(n) && !decided(n)) return false;
  }
  return true;
}

std::string ConsensusChecker::undecided_live() const {
  std::string out;
  for (NodeId n : sim_.nodes()) {
    if (sim_.is_up(n) && !decided(n)) out += fmt::format("{}n{}", out.empty() ? "" : " ", n);
  }
  return out;
}

}  // namespace lab3::checks
