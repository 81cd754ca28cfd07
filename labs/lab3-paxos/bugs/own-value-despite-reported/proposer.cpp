// Lab 3: the proposer role (reference solution).
#include "proposer.hpp"

#include <algorithm>

namespace lab3 {

Round Proposer::next_round() const {
  const Round base = std::max(round_, highest_seen_);
  if (base < self_) return self_;
  return self_ + ((base - self_) / n_ + 1) * n_;
}

Prepare Proposer::start(const Value& value) {
  round_ = next_round();
  phase_ = Phase::kPreparing;
  value_ = value;
  promised_by_.clear();
  best_round_ = kNoRound;
  best_value_.clear();
  return Prepare{round_};
}

std::optional<Accept> Proposer::on_promise(NodeId from, const Promise& promise) {
  if (phase_ != Phase::kPreparing || promise.round != round_) return std::nullopt;
  if (!promised_by_.insert(from).second) return std::nullopt;
  if (promise.accepted_round > best_round_) {
    best_round_ = promise.accepted_round;
    best_value_ = promise.accepted_value;
  }
  if (static_cast<int>(promised_by_.size()) < quorum(n_)) return std::nullopt;
  phase_ = Phase::kAccepting;
  return Accept{round_, value_};
}

void Proposer::observe(Round round) { highest_seen_ = std::max(highest_seen_, round); }

}  // namespace lab3
