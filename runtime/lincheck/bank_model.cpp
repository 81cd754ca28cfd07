// The bank model: deposit, withdraw with rejection, balance and transfer.
#include "runtime/lincheck/bank_model.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "runtime/lincheck/cache.hpp"

namespace dslab::lincheck {

namespace {

using State = BankModel::State;

std::int64_t get(const State& s, const std::string& account) {
  auto it = std::lower_bound(s.begin(), s.end(), account,
                             [](const auto& e, const std::string& a) { return e.first < a; });
  return it != s.end() && it->first == account ? it->second : 0;
}

// Whether `delta` can be added to the balance of `account` without leaving the signed 64-bit
// range (the bank refuses an operation that would, rather than wrap around).
bool fits(const State& s, const std::string& account, std::int64_t delta) {
  std::int64_t sum = 0;
  return !__builtin_add_overflow(get(s, account), delta, &sum);
}

// Adds `delta` to the balance; precondition: fits(s, account, delta).
void add(State& s, const std::string& account, std::int64_t delta) {
  auto it = std::lower_bound(s.begin(), s.end(), account,
                             [](const auto& e, const std::string& a) { return e.first < a; });
  if (it != s.end() && it->first == account) {
    it->second += delta;
    if (it->second == 0) s.erase(it);
  } else if (delta != 0) {
    s.insert(it, {account, delta});
  }
}

}  // namespace

BankModel::BankModel(const std::map<std::string, std::int64_t>& initial) {
  for (const auto& [account, amount] : initial) add(initial_, account, amount);
}

bool BankModel::step(const State& s, const Input& in, const std::optional<Output>& out,
                     State& next) const {
  next = s;
  switch (in.kind) {
    case Input::Kind::kDeposit: {
      const bool room = fits(s, in.account, in.amount);
      if (room) add(next, in.account, in.amount);
      return !out || out->ok == room;
    }
    case Input::Kind::kBalance:
      return !out || out->balance == get(s, in.account);
    case Input::Kind::kWithdraw:
    case Input::Kind::kTransfer: {
      // Rejected when the funds are short, or when the destination could not hold the money.
      const bool enough = get(s, in.account) >= in.amount &&
                          (in.kind != Input::Kind::kTransfer || in.to == in.account ||
                           fits(s, in.to, in.amount));
      if (enough) {
        add(next, in.account, -in.amount);
        if (in.kind == Input::Kind::kTransfer) add(next, in.to, in.amount);
      }
      return !out || out->ok == enough;
    }
  }
  return false;
}

std::uint64_t BankModel::hash(const State& s) const {
  std::uint64_t h = 0xba4c;
  for (const auto& [account, amount] : s) {
    h = detail::hash_combine(detail::hash_combine(h, detail::hash_bytes(account)),
                             static_cast<std::uint64_t>(amount));
  }
  return h;
}

std::vector<std::string> BankModel::partition_keys(const Input& in) const {
  if (in.kind == Input::Kind::kTransfer) return {in.account, in.to};
  return {in.account};
}

std::string BankModel::describe(const Input& in, const std::optional<Output>& out) const {
  const char* verdict = !out ? "?" : out->ok ? "ok" : "rejected";
  switch (in.kind) {
    case Input::Kind::kDeposit:
      return fmt::format("deposit({}, {}) -> {}", in.account, in.amount, verdict);
    case Input::Kind::kWithdraw:
      return fmt::format("withdraw({}, {}) -> {}", in.account, in.amount, verdict);
    case Input::Kind::kBalance:
      return out ? fmt::format("balance({}) -> {}", in.account, out->balance)
                 : fmt::format("balance({}) -> ?", in.account);
    case Input::Kind::kTransfer:
      return fmt::format("transfer({} -> {}, {}) -> {}", in.account, in.to, in.amount, verdict);
  }
  return "?";
}

std::string BankModel::describe(const State& s) const {
  std::vector<std::string> parts;
  for (const auto& [account, amount] : s) parts.push_back(fmt::format("{}: {}", account, amount));
  return fmt::format("{{{}}}", fmt::join(parts, ", "));
}

}  // namespace dslab::lincheck
