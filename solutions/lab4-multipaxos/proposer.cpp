// Lab 4: the proposer (leader) role (reference solution).
#include "proposer.hpp"

#include <algorithm>

namespace lab4 {

namespace {
bool same_command(const Command& a, const Command& b) {
  return a.client == b.client && a.seq == b.seq;
}
}  // namespace

Round Proposer::next_round() const {
  const Round base = std::max(round_, highest_seen_);
  if (base < self_) return self_;
  return self_ + ((base - self_) / n_ + 1) * n_;
}

Prepare Proposer::start(Slot first_undecided) {
  round_ = next_round();
  phase_ = Phase::kPreparing;
  first_ = first_undecided;
  promised_by_.clear();
  reported_.clear();
  in_flight_.clear();
  return Prepare{first_, round_};
}

std::vector<Accept> Proposer::on_promise(NodeId from, const Promise& promise) {
  if (phase_ != Phase::kPreparing || promise.round != round_) return {};
  if (!promised_by_.insert(from).second) return {};
  for (const AcceptedSlot& a : promise.accepted) {
    if (a.slot < first_) continue;
    auto it = reported_.find(a.slot);
    if (it == reported_.end() || a.round > it->second.round) reported_[a.slot] = a;
  }
  if (static_cast<int>(promised_by_.size()) < quorum(n_)) return {};
  phase_ = Phase::kLeading;
  const Slot top = reported_.empty() ? first_ - 1 : reported_.rbegin()->first;
  std::vector<Accept> out;
  for (Slot s = first_; s <= top; ++s) {
    const auto it = reported_.find(s);
    out.push_back(send(s, it != reported_.end() ? it->second.command : noop()));
  }
  reported_.clear();
  next_slot_ = std::max({top + 1, highest_decided_ + 1, first_});
  for (Accept& a : fill()) out.push_back(std::move(a));
  return out;
}

std::vector<Accept> Proposer::propose(const Command& command) {
  for (const Command& c : queue_) {
    if (same_command(c, command)) return {};
  }
  for (const auto& [slot, c] : in_flight_) {
    if (same_command(c, command)) return {};
  }
  queue_.push_back(command);
  return leading() ? fill() : std::vector<Accept>{};
}

std::vector<Accept> Proposer::on_decided(Slot slot) {
  in_flight_.erase(slot);
  highest_decided_ = std::max(highest_decided_, slot);
  if (!leading()) return {};
  next_slot_ = std::max(next_slot_, slot + 1);
  return fill();
}

void Proposer::on_reject(const Reject& reject) {
  observe(reject.promised);
  if (reject.round == round_ && reject.promised > round_) {
    phase_ = Phase::kIdle;
    in_flight_.clear();
  }
}

void Proposer::observe(Round round) { highest_seen_ = std::max(highest_seen_, round); }

void Proposer::stop() {
  phase_ = Phase::kIdle;
  in_flight_.clear();
  queue_.clear();
}

std::vector<Accept> Proposer::stale() {
  std::vector<Accept> out;
  for (const auto& [slot, command] : in_flight_) {
    if (old_.count(slot) != 0) out.push_back(Accept{slot, round_, command});
  }
  old_.clear();
  for (const auto& [slot, command] : in_flight_) old_.insert(slot);
  return out;
}

std::vector<Accept> Proposer::fill() {
  std::vector<Accept> out;
  while (!queue_.empty() && static_cast<int>(in_flight_.size()) < window_) {
    out.push_back(send(next_slot_++, queue_.front()));
    queue_.erase(queue_.begin());
  }
  return out;
}

Accept Proposer::send(Slot slot, const Command& command) {
  in_flight_[slot] = command;
  return Accept{slot, round_, command};
}

}  // namespace lab4
