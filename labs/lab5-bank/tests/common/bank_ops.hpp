// Lab 5 trusted test helper: the bank's specification for the checkers. BankOps is a lincheck
// model over lab 5's own Operation and Result (error texts and the balance after every
// operation included), built on runtime/lincheck's bank model; expected() is the reference
// answer the execution checker compares every replica with.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "labs/lab5-bank/api/protocol.hpp"
#include "runtime/lincheck/bank_model.hpp"

namespace lab5::checks {

/// The answer of `op` in bank state `s` (api/protocol.hpp's rules); writes the state after it
/// to `next` (unchanged when refused).
Result expected(const dslab::lincheck::BankModel::State& s, const Operation& op,
                dslab::lincheck::BankModel::State& next);

/// The balance of `account` in `s` (0 if absent).
std::int64_t balance_in(const dslab::lincheck::BankModel::State& s, const std::string& account);

/// "withdraw(a, 5)", "transfer(a -> b, 3)", for failure messages.
std::string describe(const Operation& op);
/// "c2.7 withdraw(a, 5)".
std::string describe(const Command& c);
/// "ok, balance 12" or "refused (insufficient funds), balance 3".
std::string describe(const Result& r);

/// The bank as a linearizability model (runtime/lincheck/model.hpp): every output, refusal
/// texts and balances included, must be what a sequential bank answers. Partitionable by
/// account (a transfer ties its two accounts).
class BankOps {
 public:
  using Input = Operation;
  using Output = Result;
  using State = dslab::lincheck::BankModel::State;

  State init() const { return {}; }
  bool step(const State& s, const Input& in, const std::optional<Output>& out, State& next) const;
  std::uint64_t hash(const State& s) const { return model_.hash(s); }
  bool equal(const State& a, const State& b) const { return a == b; }
  bool read_only(const Input& in, const std::optional<Output>& out) const;
  std::vector<std::string> partition_keys(const Input& in) const;
  std::string describe(const Input& in, const std::optional<Output>& out) const;
  std::string describe(const State& s) const { return model_.describe(s); }

 private:
  dslab::lincheck::BankModel model_;
};

}  // namespace lab5::checks
