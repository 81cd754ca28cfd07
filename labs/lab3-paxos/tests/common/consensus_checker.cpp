// Lab 3 checker: agreement, validity and exactly-once decisions (see the header).
#include "labs/lab3-paxos/tests/common/consensus_checker.hpp"

#include <fmt/format.h>

namespace lab3::checks {

ConsensusChecker::ConsensusChecker(Sim& sim) : sim_(sim) {
  sim_.on_output([this](const auto& record) { return check(record); });
}

std::optional<std::string> Decisions::observe(NodeId n, const Value& value,
                                              const std::string& when) {
  // " at t=12.000ms", or nothing when the caller has no time to tell (a model checker's state).
  const auto at = [](const std::string& w) { return w.empty() ? std::string() : " at " + w; };
  if (proposed_.count(value) == 0) {
    return fmt::format("validity: n{} decided \"{}\"{}, a value no client proposed", n, value,
                       at(when));
  }
  if (decisions_.count(n) != 0) {
    return fmt::format("exactly-once: n{} output Decided(\"{}\") again{}{}", n, value, at(when),
                       when.empty() ? "" : " (first" + at(decisions_.at(n)) + ")");
  }
  if (value_ && *value_ != value) {
    return fmt::format("agreement: n{} decided \"{}\"{} but n{} decided \"{}\"{}", n, value,
                       at(when), first_, *value_, at(first_when_));
  }
  decisions_.emplace(n, when);
  if (!value_) {
    value_ = value;
    first_ = n;
    first_when_ = when;
  }
  return std::nullopt;
}

std::optional<std::string> ConsensusChecker::check(
    const dslab::sim::OutputRecord<Protocol>& record) {
  const auto& decided = std::get<Decided>(record.output);
  return decisions_.observe(record.node, decided.value, "t=" + dslab::format_time(record.time));
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
