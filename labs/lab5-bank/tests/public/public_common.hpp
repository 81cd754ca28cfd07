// Lab 5 public tests: the kit's table runner (runtime/testing/table.hpp) on one replica of a
// 3-replica cluster, and builders for the operations, commands and outputs the rows expect.
#pragma once

#include <string>
#include <vector>

#include "labs/lab5-bank/api/protocol.hpp"
#include "runtime/testing/table.hpp"

namespace lab5::table {

using namespace dslab::labkit::rows;  // NOLINT: the row builders every table uses
using Table = dslab::labkit::Table<Protocol>;
using Row = Table::Row;
using Output = Protocol::Output;
using Outputs = std::vector<Output>;

inline Operation deposit(std::string a, std::int64_t n) { return {kDeposit, std::move(a), "", n}; }
inline Operation withdraw(std::string a, std::int64_t n) { return {kWithdraw, std::move(a), "", n}; }
inline Operation balance(std::string a) { return {kBalance, std::move(a), "", 0}; }
inline Operation transfer(std::string a, std::string b, std::int64_t n) {
  return {kTransfer, std::move(a), std::move(b), n};
}
inline Result ok(std::int64_t balance) { return {true, balance, ""}; }
inline Result refused(std::int64_t balance, const char* error) { return {false, balance, error}; }

/// Slot `slot` decided with one command per operation, client `client`, seq from `seq`.
inline Decided slot_of(Slot slot, std::int32_t client, std::uint64_t seq,
                       std::vector<Operation> ops) {
  Batch b;
  for (auto& op : ops) b.commands.push_back(Command{client, seq++, std::move(op)});
  return Decided{slot, std::move(b)};
}
/// A no-op slot.
inline Decided noop_slot(Slot slot) { return Decided{slot, Batch{}}; }

}  // namespace lab5::table
