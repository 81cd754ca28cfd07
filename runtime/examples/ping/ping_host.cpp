// The node host of the ping example (used by `dslab bench sim` and the runtime's tests).
#include "runtime/examples/ping/ping.hpp"
#include "runtime/host/serve.hpp"

int main(int argc, char** argv) {
  return dslab::host::serve<dslab::examples::ping::PingNode>(argc, argv);
}
