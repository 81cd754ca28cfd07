// Lab 4 public tests: the kit's table runner (runtime/testing/table.hpp) and its row builders
// (from, env, to, to_all, kinds, FireTimer, Restart): a started replica of a 3-node cluster,
// rows of "deliver this; expect these sends / outputs / no message of these kinds".
#pragma once

#include <string>

#include "labs/lab4-multipaxos/api/protocol.hpp"
#include "runtime/testing/table.hpp"

namespace lab4::table {

using namespace dslab::labkit::rows;  // NOLINT: the row builders every table uses
using Table = dslab::labkit::Table<Protocol>;
using Row = Table::Row;
using Output = Protocol::Output;

/// Client `client`'s command `seq`, payload "c<client>.<seq>".
inline Command cmd(std::int32_t client, std::uint64_t seq) {
  return Command{client, seq, "c" + std::to_string(client) + "." + std::to_string(seq)};
}

}  // namespace lab4::table
