// Lab 3 public tests: the kit's table runner (runtime/testing/table.hpp) and its row builders
// (from, env, to, to_all, kinds, FireTimer, Restart): a started node of a 3- or 5-node cluster,
// rows of "deliver this; expect these sends / decisions / no message of these kinds".
#pragma once

#include <vector>

#include "labs/lab3-paxos/api/protocol.hpp"
#include "runtime/testing/table.hpp"

namespace lab3::table {

using namespace dslab::labkit::rows;  // NOLINT: the row builders every table uses
using Table = dslab::labkit::Table<Protocol>;
using Row = Table::Row;
using Output = Protocol::Output;

/// Exactly one output: Decided(value).
inline std::vector<Output> decides(const Value& value) { return {Decided{value}}; }
/// No output at all.
inline std::vector<Output> no_output() { return {}; }

}  // namespace lab3::table
