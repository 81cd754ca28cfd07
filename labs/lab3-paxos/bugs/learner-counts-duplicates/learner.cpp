// Lab 3: the learner role (reference solution).
#include "learner.hpp"

namespace lab3 {

std::optional<Value> Learner::on_accepted(NodeId from, const Accepted& accepted) {
  if (decided_) return std::nullopt;
  auto& voters = votes_[accepted.round];
  values_.emplace(accepted.round, accepted.value);
  voters.push_back(from);
  if (static_cast<int>(voters.size()) < quorum(n_)) return std::nullopt;
  decided_ = values_[accepted.round];
  votes_.clear();
  values_.clear();
  return decided_;
}

std::optional<Value> Learner::on_chosen(const Chosen& chosen) {
  if (decided_) return std::nullopt;
  decided_ = chosen.value;
  votes_.clear();
  values_.clear();
  return decided_;
}

}  // namespace lab3
