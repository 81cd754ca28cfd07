// Lab 4: the learner role (reference solution).
#include "learner.hpp"

namespace lab4 {

std::optional<Command> Learner::on_learn(NodeId from, const Learn& learn) {
  if (decided(learn.slot) || learn.slot < next_) return std::nullopt;
  auto& voters = votes_[learn.slot][learn.round];
  values_[learn.slot].emplace(learn.round, learn.command);
  voters.insert(from);
  if (static_cast<int>(voters.size()) < quorum(n_)) return std::nullopt;
  Command command = values_[learn.slot][learn.round];
  on_decision(Decision{learn.slot, command});
  return command;
}

bool Learner::on_decision(const Decision& decision) {
  if (decided(decision.slot)) return false;
  decided_.emplace(decision.slot, decision.command);
  votes_.erase(decision.slot);
  values_.erase(decision.slot);
  return true;
}

std::vector<Decision> Learner::take_deliverable() {
  std::vector<Decision> out;
  for (auto it = decided_.find(next_); it != decided_.end() && it->first == next_;
       it = decided_.find(next_)) {
    out.push_back(Decision{next_, it->second});
    ++next_;
  }
  return out;
}

std::vector<Decision> Learner::decided_from(Slot from, std::size_t max) const {
  std::vector<Decision> out;
  for (auto it = decided_.lower_bound(from); it != decided_.end() && out.size() < max; ++it) {
    out.push_back(Decision{it->first, it->second});
  }
  return out;
}

}  // namespace lab4
