// Built-in model: bank accounts with deposit, withdraw (rejected on insufficient funds),
// balance and transfer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dslab::lincheck {

/// Accounts named by strings holding integer balances (a missing account holds 0). A withdraw
/// or transfer of more than the balance is rejected and changes nothing. Balances are signed
/// 64-bit: a deposit or transfer that would take a balance above 2^63-1 is rejected too (its
/// output has ok = false) and changes nothing; nothing ever wraps around. Stateless apart from
/// the initial balances; usable from several threads.
class BankModel {
 public:
  struct Input {
    enum class Kind : std::uint8_t { kDeposit, kWithdraw, kBalance, kTransfer };
    Kind kind = Kind::kBalance;
    std::string account;      ///< the account (transfer: the source)
    std::string to;           ///< transfer: the destination
    std::int64_t amount = 0;  ///< deposit, withdraw, transfer: >= 0
  };

  struct Output {
    bool ok = true;            ///< false = rejected (short funds, or a balance would overflow)
    std::int64_t balance = 0;  ///< balance: the amount read
  };

  /// (account, balance) pairs sorted by account; zero balances are left out.
  using State = std::vector<std::pair<std::string, std::int64_t>>;

  explicit BankModel(const std::map<std::string, std::int64_t>& initial = {});

  State init() const { return initial_; }
  bool step(const State& s, const Input& in, const std::optional<Output>& out, State& next) const;
  std::uint64_t hash(const State& s) const;
  /// Balances, and withdrawals or transfers known to have been rejected, change nothing.
  bool read_only(const Input& in, const std::optional<Output>& out) const {
    return in.kind == Input::Kind::kBalance ||
           (in.kind != Input::Kind::kDeposit && out && !out->ok);
  }
  bool equal(const State& a, const State& b) const { return a == b; }
  /// A transfer ties its two accounts together; everything else touches one account.
  std::vector<std::string> partition_keys(const Input& in) const;
  std::string describe(const Input& in, const std::optional<Output>& out) const;
  std::string describe(const State& s) const;

  static Input deposit(std::string account, std::int64_t amount) {
    return {Input::Kind::kDeposit, std::move(account), {}, amount};
  }
  static Input withdraw(std::string account, std::int64_t amount) {
    return {Input::Kind::kWithdraw, std::move(account), {}, amount};
  }
  static Input balance(std::string account) {
    return {Input::Kind::kBalance, std::move(account), {}, 0};
  }
  static Input transfer(std::string from, std::string to, std::int64_t amount) {
    return {Input::Kind::kTransfer, std::move(from), std::move(to), amount};
  }

 private:
  State initial_;
};

}  // namespace dslab::lincheck
