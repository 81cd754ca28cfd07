// Lab 4 public tests: the names the tables use, on the kit's table runner
// (runtime/testing/table.hpp): a started replica of a 3-node cluster, rows of "deliver this;
// expect these sends / outputs / no message of these kinds".
#pragma once

#include <vector>

#include "labs/lab4-multipaxos/api/protocol.hpp"
#include "runtime/testing/table.hpp"

namespace lab4::table {

using Table = dslab::labkit::Table<Protocol>;
using Row = Table::Row;
using Message = Protocol::Message;
using Output = Protocol::Output;
using FireTimer = Table::FireTimer;
using Restart = Table::Restart;

inline Table::Deliver from(NodeId n, Message msg) { return Table::from(n, std::move(msg)); }
/// From the environment (a client or the leader detector).
inline Table::Deliver env(Message msg) { return Table::env(std::move(msg)); }
inline Table::Sent to(NodeId n, Message msg) { return Table::to(n, std::move(msg)); }
inline std::vector<Table::Sent> to_all(int n, const Message& msg) { return Table::to_all(n, msg); }
template <class... Ts>
std::vector<std::size_t> kinds() {
  return Table::kinds<Ts...>();
}
/// Client `client`'s command `seq`, payload "c<client>.<seq>".
inline Command cmd(std::int32_t client, std::uint64_t seq) {
  return Command{client, seq, "c" + std::to_string(client) + "." + std::to_string(seq)};
}
}  // namespace lab4::table
