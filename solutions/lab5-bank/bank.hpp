// Lab 5: the bank, a pure deterministic state machine (no context, no clock, no randomness).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "labs/lab5-bank/api/protocol.hpp"

namespace lab5 {

/// Accounts and their balances. Every replica holds one and applies the same operations in the
/// same order, so every replica holds the same balances. Not thread-safe.
class Bank {
 public:
  /// Runs `op` and returns its result (api/protocol.hpp states the rules and error texts).
  /// A refused operation changes nothing.
  Result apply(const Operation& op);
  /// The balance of `account` (0 if it was never used).
  std::int64_t balance(const std::string& account) const;

 private:
  Result refuse(const std::string& account, const char* error) const;
  void add(const std::string& account, std::int64_t delta);

  std::map<std::string, std::int64_t> accounts_;
  DSLAB_STATE(Bank, accounts_)
};

}  // namespace lab5
