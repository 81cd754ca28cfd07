// The ping example (runtime/examples/ping) as a node program on the real network: what the
// runtime's own end-to-end tests run.
#include "runtime/examples/ping/ping.hpp"
#include "runtime/net/node_process.hpp"

int main(int argc, char** argv) {
  return dslab::net::run_node<dslab::examples::ping::PingNode>(argc, argv, "the ping example");
}
