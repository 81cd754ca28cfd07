// One host executable for the host tests; the node type is chosen by argv[1] before serving
// (real lab hosts are built for exactly one node type).
#include <cstring>
#include <cstdio>

#include "runtime/examples/ping/ping.hpp"
#include "runtime/host/serve.hpp"
#include "runtime/host/testhosts/cheat.hpp"
#include "runtime/host/testhosts/forger.hpp"

int main(int argc, char** argv) {
  using namespace dslab;
  const char* kind = std::getenv("TEST_HOST_NODE");
  const std::string node = kind == nullptr ? "ping" : kind;
  if (node == "ping") return host::serve<examples::ping::PingNode>(argc, argv);
  if (node == "sharing") return host::serve<host::testhosts::SharingNode>(argc, argv);
  if (node == "amnesia") return host::serve<host::testhosts::AmnesiaCheatNode>(argc, argv);
  if (node == "hostile") return host::serve<host::testhosts::HostileNode>(argc, argv);
  if (node == "garbage") {
    // Answers every request with bytes that are not a valid response.
    auto endpoint = ipc::Endpoint::attach_from_env();
    const std::byte junk[] = {std::byte{0x7f}, std::byte{0xff}, std::byte{0x00}, std::byte{0x01}};
    while (endpoint.next_request()) endpoint.reply(junk);
    return 0;
  }
  if (node == "forger") return host::testhosts::serve_forged_effects();
  if (node == "exit0") return 0;  // like exit(0) in a static initializer: never serves
  std::fprintf(stderr, "unknown TEST_HOST_NODE %s\n", node.c_str());
  return 2;
}
