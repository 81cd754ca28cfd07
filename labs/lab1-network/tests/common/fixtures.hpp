// Trusted test helper: fixtures that start one lab program on a socket the test bound itself.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "labs/lab1-network/tests/common/net.hpp"
#include "labs/lab1-network/tests/common/process.hpp"

namespace lab1::tests {

/// A request and the reply the handout specifies for it.
struct Vector {
  std::string request;
  std::string reply;
};

/// Starts lab1_udp_server on a UDP socket bound by the test (passed as fd 3); the helpers' waits
/// watch it (watch_program), so a server that exited costs no full timeouts.
class UdpServerTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  /// udp_ask with retries (UDP may drop); gives up at once if the server has exited.
  std::optional<std::string> ask(std::string_view request, int tries = 3,
                                 milliseconds per_try = milliseconds(1000));
  /// Checks every vector; stops early (with a failure) once the server is dead or silent.
  void expect_vectors(const std::vector<Vector>& vectors);

  Bound socket_;
  std::unique_ptr<Program> server_;
};

/// Starts `program` with `args` on a listening TCP socket bound by the test (fd 3); the helpers'
/// waits watch the newest program started (watch_program).
class TcpServerTest : public ::testing::Test {
 protected:
  void start(std::string_view program, std::vector<std::string> args = {"--fd", "3"});
  void TearDown() override;

  Bound listener_;
  std::unique_ptr<Program> server_;
};

}  // namespace lab1::tests
