// Lab 4: the acceptor role (reference solution).
#include "acceptor.hpp"

#include <string>

namespace lab4 {

namespace {
constexpr const char* kPromisedKey = "acceptor/promised";
const std::string kSlotPrefix = "acceptor/slot/";
}  // namespace

std::optional<Promise> Acceptor::on_prepare(const Prepare& prepare) {
  if (prepare.round <= promised_) return std::nullopt;
  promised_ = prepare.round;
  Promise promise{prepare.slot, prepare.round, {}};
  for (auto it = accepted_.lower_bound(prepare.slot); it != accepted_.end(); ++it) {
    promise.accepted.push_back(it->second);
  }
  return promise;
}

std::optional<Learn> Acceptor::on_accept(const Accept& accept) {
  if (accept.round < promised_) return std::nullopt;
  promised_ = accept.round;
  accepted_[accept.slot] = AcceptedSlot{accept.slot, accept.round, accept.command};
  return Learn{accept.slot, accept.round, accept.command};
}

void Acceptor::save(dslab::node::Storage& storage, Slot slot) const {
  storage.put(kPromisedKey, promised_);
  if (slot == kNoSlot) return;
  const auto it = accepted_.find(slot);
  if (it != accepted_.end()) storage.put(kSlotPrefix + std::to_string(slot), it->second);
}

void Acceptor::load(const dslab::node::Storage& storage) {
  promised_ = storage.get<Round>(kPromisedKey).value_or(kNoRound);
  accepted_.clear();
  for (const auto& [key, bytes] : storage.contents()) {
    if (key.rfind(kSlotPrefix, 0) != 0) continue;
    if (auto a = storage.get<AcceptedSlot>(key)) accepted_[a->slot] = *a;
  }
}

}  // namespace lab4
