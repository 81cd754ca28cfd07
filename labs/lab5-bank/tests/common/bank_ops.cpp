// Lab 5 trusted test helper: the bank's specification (see header).
#include "labs/lab5-bank/tests/common/bank_ops.hpp"

#include <fmt/format.h>

namespace lab5::checks {

namespace {

using dslab::lincheck::BankModel;

std::optional<BankModel::Input> model_input(const Operation& op) {
  if (op.kind == kDeposit) return BankModel::deposit(op.account, op.amount);
  if (op.kind == kWithdraw) return BankModel::withdraw(op.account, op.amount);
  if (op.kind == kBalance) return BankModel::balance(op.account);
  if (op.kind == kTransfer) return BankModel::transfer(op.account, op.to, op.amount);
  return std::nullopt;
}

}  // namespace

std::int64_t balance_in(const BankModel::State& s, const std::string& account) {
  for (const auto& [a, b] : s) {
    if (a == account) return b;
  }
  return 0;
}

Result expected(const BankModel::State& s, const Operation& op, BankModel::State& next) {
  next = s;
  const auto in = model_input(op);
  const std::int64_t before = balance_in(s, op.account);
  if (!in) return Result{false, before, kUnknownOperation};
  if (op.kind == kBalance) return Result{true, before, ""};
  if (op.amount <= 0) return Result{false, before, kBadAmount};
  static const BankModel model;
  if (model.step(s, *in, BankModel::Output{true, 0}, next)) {
    return Result{true, balance_in(next, op.account), ""};
  }
  next = s;
  const bool short_funds = op.kind != kDeposit && before < op.amount;
  return Result{false, before, short_funds ? kInsufficientFunds : kOverflow};
}

std::string describe(const Operation& op) {
  if (op.kind == kTransfer) return fmt::format("transfer({} -> {}, {})", op.account, op.to, op.amount);
  if (op.kind == kBalance) return fmt::format("balance({})", op.account);
  return fmt::format("{}({}, {})", op.kind, op.account, op.amount);
}

std::string describe(const Command& c) {
  return fmt::format("c{}.{} {}", c.client, c.seq, describe(c.op));
}

std::string describe(const Result& r) {
  if (r.ok) return fmt::format("ok, balance {}", r.balance);
  return fmt::format("refused ({}), balance {}", r.error, r.balance);
}

bool BankOps::step(const State& s, const Input& in, const std::optional<Output>& out,
                   State& next) const {
  const Result want = lab5::checks::expected(s, in, next);
  return !out || *out == want;
}

bool BankOps::read_only(const Input& in, const std::optional<Output>& out) const {
  if (in.kind == kBalance || !model_input(in) || in.amount <= 0) return true;
  return out && !out->ok;
}

std::vector<std::string> BankOps::partition_keys(const Input& in) const {
  if (in.kind == kTransfer && in.to != in.account) return {in.account, in.to};
  return {in.account};
}

std::string BankOps::describe(const Input& in, const std::optional<Output>& out) const {
  const std::string call = lab5::checks::describe(in);
  return out ? call + " -> " + lab5::checks::describe(*out) : call + " -> ?";
}

}  // namespace lab5::checks
