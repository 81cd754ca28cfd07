// Lab 5: the bank state machine (reference solution).
#include "bank.hpp"

#include <limits>

namespace lab5 {

namespace {
bool fits(std::int64_t balance, std::int64_t amount) {
  return balance <= std::numeric_limits<std::int64_t>::max() - amount;
}
}  // namespace

Result Bank::apply(const Operation& op) {
  const bool known = op.kind == kDeposit || op.kind == kWithdraw || op.kind == kBalance ||
                     op.kind == kTransfer;
  if (!known) return refuse(op.account, kUnknownOperation);
  if (op.kind == kBalance) return Result{true, balance(op.account), ""};
  if (op.amount <= 0) return refuse(op.account, kBadAmount);
  if (op.kind == kDeposit) {
    if (!fits(balance(op.account), op.amount)) return refuse(op.account, kOverflow);
    add(op.account, op.amount);
    return Result{true, balance(op.account), ""};
  }
  if (balance(op.account) < op.amount) return refuse(op.account, kInsufficientFunds);
  if (op.kind == kTransfer && op.to != op.account) {
    if (!fits(balance(op.to), op.amount)) return refuse(op.account, kOverflow);
    add(op.to, op.amount);
  }
  if (op.kind == kWithdraw || op.to != op.account) add(op.account, -op.amount);
  return Result{true, balance(op.account), ""};
}

std::int64_t Bank::balance(const std::string& account) const {
  const auto it = accounts_.find(account);
  return it == accounts_.end() ? 0 : it->second;
}

Result Bank::refuse(const std::string& account, const char* error) const {
  return Result{false, balance(account), error};
}

void Bank::add(const std::string& account, std::int64_t delta) { accounts_[account] += delta; }

}  // namespace lab5
