// Trusted test helper: fixtures that start one lab program on a test-bound socket.
#include "labs/lab1-network/tests/common/fixtures.hpp"

#include "runtime/testing/report.hpp"

namespace lab1::tests {

void UdpServerTest::SetUp() {
  socket_ = bind_udp();
  server_ = start_program("lab1_udp_server", {"--fd", "3"}, {socket_.fd.get()});
  watch_program(server_.get());
}

void UdpServerTest::TearDown() { watch_program(nullptr); }

std::optional<std::string> UdpServerTest::ask(std::string_view request, int tries,
                                              milliseconds per_try) {
  for (int i = 0; i < tries && server_->running(); ++i) {
    if (auto reply = udp_ask(socket_.address, request, per_try)) return reply;
  }
  return std::nullopt;
}

void UdpServerTest::expect_vectors(const std::vector<Vector>& vectors) {
  int silent = 0;
  for (const Vector& v : vectors) {
    const auto reply = ask(v.request);
    if (!reply) {
      const auto failure = dslab::labkit::report_failure(dslab::labkit::FailedCheck{
          .message =
              "no reply to " + ::testing::PrintToString(v.request) + "\n" + server_->describe()});
      ADD_FAILURE() << failure.message();
      if (++silent == 3 || !server_->running()) {
        FAIL() << "server dead or silent; stopping";
      }
      continue;
    }
    if (*reply != v.reply) {
      const auto failure = dslab::labkit::report_failure(dslab::labkit::FailedCheck{
          .message = "request " + ::testing::PrintToString(v.request) + ": expected the reply " +
                     ::testing::PrintToString(v.reply) + ", got " +
                     ::testing::PrintToString(*reply)});
      ADD_FAILURE() << failure.message();
    }
  }
}

void TcpServerTest::start(std::string_view program, std::vector<std::string> args) {
  listener_ = listen_tcp();
  server_ = start_program(program, std::move(args), {listener_.fd.get()});
  watch_program(server_.get());
}

void TcpServerTest::TearDown() {
  watch_program(nullptr);
  if (HasFailure() && server_) std::cerr << server_->describe() << "\n";
}

}  // namespace lab1::tests
