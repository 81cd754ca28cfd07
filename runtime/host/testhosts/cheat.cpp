// The rule-breaking and hostile test nodes.
#include "runtime/host/testhosts/cheat.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace dslab::host::testhosts {
namespace {
std::map<NodeId, std::uint64_t> g_board;  // shared by every node of one process
int g_starts = 0;                         // survives a node's crash inside one process
}  // namespace

void SharingNode::on_message(node::Context<Protocol>& ctx, NodeId from, const Protocol::Message& m) {
  inner_.on_message(ctx, from, m);
  g_board[ctx.self()] = inner_.round_trips();
  std::uint64_t seen = 0;
  for (const auto& [id, count] : g_board) seen += count;
  if (seen % 50 == 0) ctx.logf("I can see {} round trips of everyone", seen);
}

void AmnesiaCheatNode::on_start(node::Context<Protocol>& ctx) {
  ++g_starts;
  ctx.logf("start number {}", g_starts);
  inner_.on_start(ctx);
}

void HostileNode::on_message(node::Context<Protocol>& ctx, NodeId from, const Protocol::Message& m) {
  const char* mode = std::getenv("HOSTILE_MODE");
  const std::string how = mode == nullptr ? "" : mode;
  if (how == "abort") std::abort();
  if (how == "hang") {
    volatile bool forever = true;
    while (forever) {
    }
  }
  static bool flooded = false;
  if (how == "flood" && !flooded) {
    flooded = true;
    std::string line(1024, 'x');
    for (int i = 0; i < 10 * 1024; ++i) std::fprintf(stdout, "%s\n", line.c_str());
    std::fflush(stdout);
  }
  if (how == "throw") throw std::runtime_error("student bug: index out of range");
  if (how == "spam") {
    for (int i = 0; i < 200000; ++i) ctx.send(from, examples::ping::Ping{1});
  }
  inner_.on_message(ctx, from, m);
}

}  // namespace dslab::host::testhosts
