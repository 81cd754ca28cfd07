// runtime/ipc/channel_test.cpp: Channel/Session behaviour against well- and badly-behaved children.
#include "runtime/ipc/channel.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "runtime/ipc/endpoint.hpp"
#include "runtime/ipc/session.hpp"

namespace dslab::ipc {
namespace {

using namespace std::chrono_literals;

constexpr const char* kChild = DSLAB_IPC_TEST_CHILD;

std::unique_ptr<Session> start(std::vector<std::string> mode, SessionOptions options = {}) {
  options.argv = {kChild};
  options.argv.insert(options.argv.end(), mode.begin(), mode.end());
  return Session::start(options);
}

std::vector<std::byte> bytes_of(std::string_view text) {
  const auto view = std::as_bytes(std::span<const char>(text.data(), text.size()));
  return {view.begin(), view.end()};
}

std::string text_of(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

std::vector<std::byte> pattern(std::size_t size, std::uint32_t seed) {
  std::vector<std::byte> out(size);
  std::uint32_t x = seed * 2654435761U + 1;
  for (auto& b : out) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    b = std::byte(x & 0xff);
  }
  return out;
}

// Waits (bounded) until the child's captured output contains `needle`.
bool wait_for_output(Child& child, std::string_view needle, Deadline deadline) {
  return child.wait_output(
      [&](const CapturedOutput& out) { return out.kept.find(needle) != std::string::npos; }, deadline);
}

TEST(Channel, EchoRoundTripReturnsTheRequestBytes) {
  auto session = start({"echo"});
  const auto request = bytes_of("deliver message to node 3");
  const Result result = session->call(request, deadline_in(10s));
  ASSERT_TRUE(result.ok()) << result.failure().describe();
  EXPECT_EQ(text_of(result.bytes()), "deliver message to node 3");
}

TEST(Channel, EmptyRequestAndResponseRoundTrip) {
  auto session = start({"echo"});
  const Result result = session->call({}, deadline_in(10s));
  ASSERT_TRUE(result.ok()) << result.failure().describe();
  EXPECT_TRUE(result.bytes().empty());
}

TEST(Channel, MessagesOfExactlyTheCapacityRoundTripIntact) {
  SessionOptions options;
  options.channel.request_capacity = options.channel.response_capacity = std::size_t{1} << 20;
  auto session = start({"echo"}, options);
  for (const std::size_t size : {std::size_t{1} << 20, (std::size_t{1} << 20) - 1, std::size_t{4096}}) {
    const auto request = pattern(size, static_cast<std::uint32_t>(size));
    const Result result = session->call(request, deadline_in(10s));
    ASSERT_TRUE(result.ok()) << result.failure().describe();
    ASSERT_EQ(result.bytes().size(), size);
    EXPECT_TRUE(std::equal(request.begin(), request.end(), result.bytes().begin()));
  }
}

TEST(Channel, DefaultCapacityIsFourMebibytesEachWay) {
  auto session = start({"echo"});
  const auto request = pattern(std::size_t{4} << 20, 7);
  const Result result = session->call(request, deadline_in(10s));
  ASSERT_TRUE(result.ok()) << result.failure().describe();
  EXPECT_TRUE(std::equal(request.begin(), request.end(), result.bytes().begin(), result.bytes().end()));
}

TEST(Channel, RequestAboveCapacityIsTooLargeAndTheChannelStaysUsable) {
  SessionOptions options;
  options.channel.request_capacity = 1000;
  auto session = start({"echo"}, options);
  const Result big = session->call(std::vector<std::byte>(1001), deadline_in(10s));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.failure().kind, FailureKind::TooLarge);
  const Result fits = session->call(std::vector<std::byte>(1000), deadline_in(10s));
  ASSERT_TRUE(fits.ok()) << fits.failure().describe();
  EXPECT_EQ(fits.bytes().size(), 1000U);
}

TEST(Channel, ChildAbortingMidCallIsChildExitedWithSIGABRT) {
  auto session = start({"abort"});
  const Result result = session->call(bytes_of("x"), deadline_in(10s));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().kind, FailureKind::ChildExited);
  EXPECT_NE(result.failure().detail.find("killed by SIGABRT (abort)"), std::string::npos)
      << result.failure().detail;
}

TEST(Channel, ChildSegfaultingMidCallIsChildExitedWithSIGSEGV) {
  auto session = start({"segv"});
  const Result result = session->call(bytes_of("x"), deadline_in(10s));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().kind, FailureKind::ChildExited);
  EXPECT_NE(result.failure().detail.find("killed by SIGSEGV (segmentation fault)"), std::string::npos)
      << result.failure().detail;
}

TEST(Channel, HangingChildTimesOutAtTheDeadlineNotLater) {
  auto session = start({"hang"});
  const auto started = Clock::now();
  const Result result = session->call(bytes_of("x"), started + 200ms);
  const auto elapsed = Clock::now() - started;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().kind, FailureKind::Timeout);
  EXPECT_GE(elapsed, 200ms);
  EXPECT_LT(elapsed, 450ms) << "overshot the deadline";  // slack for a loaded 2-core machine
}

TEST(Channel, ImpossibleResponseLengthIsProtocol) {
  auto session = start({"garbage-length"});
  const Result result = session->call(bytes_of("x"), deadline_in(10s));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().kind, FailureKind::Protocol);
  EXPECT_NE(result.failure().detail.find("length"), std::string::npos) << result.failure().detail;
}

TEST(Channel, SequenceNumberOutOfStepIsProtocol) {
  auto session = start({"bad-seq"});
  const Result result = session->call(bytes_of("x"), deadline_in(10s));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().kind, FailureKind::Protocol);
  EXPECT_NE(result.failure().detail.find("out of step"), std::string::npos) << result.failure().detail;
}

TEST(Channel, ResponseWithoutARequestIsProtocolOnTheNextCall) {
  auto session = start({"double-reply"});
  const Result first = session->call(bytes_of("one"), deadline_in(10s));
  ASSERT_TRUE(first.ok()) << first.failure().describe();
  ASSERT_EQ(::kill(session->child().pid(), SIGUSR1), 0);
  ASSERT_TRUE(wait_for_output(session->child(), "bumped", deadline_in(10s)));
  const Result second = session->call(bytes_of("two"), deadline_in(10s));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.failure().kind, FailureKind::Protocol);
  EXPECT_NE(second.failure().detail.find("without a request"), std::string::npos);
}

TEST(Channel, ChaoticChildNeverCrashesTheParentNorHoldsItPastTheDeadline) {
  SessionOptions options;
  options.channel.response_capacity = 4096;
  for (int round = 0; round < 10; ++round) {
    auto session = start({"chaos"}, options);
    for (int call = 0; call < 5; ++call) {
      const auto started = Clock::now();
      const Result result = session->call(bytes_of("x"), started + 50ms);
      EXPECT_LT(Clock::now() - started, 400ms);
      if (result.ok()) {
        EXPECT_LE(result.bytes().size(), 4096U);
      } else {
        const FailureKind kind = result.failure().kind;
        EXPECT_TRUE(kind == FailureKind::Protocol || kind == FailureKind::Timeout)
            << result.failure().describe();
      }
    }
  }
}

TEST(Channel, ChildExitingImmediatelyIsChildExitedWithItsCode) {
  auto session = start({"exit", "3"});
  const Result result = session->call(bytes_of("x"), deadline_in(10s));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().kind, FailureKind::ChildExited);
  EXPECT_NE(result.failure().detail.find("exited with code 3"), std::string::npos)
      << result.failure().detail;
}

TEST(Channel, ChildExitingBetweenCallsIsReportedOnTheNextCallAndStaysReported) {
  auto session = start({"exit-after", "2"});
  EXPECT_TRUE(session->call(bytes_of("a"), deadline_in(10s)).ok());
  EXPECT_TRUE(session->call(bytes_of("b"), deadline_in(10s)).ok());
  const Result third = session->call(bytes_of("c"), deadline_in(10s));
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.failure().kind, FailureKind::ChildExited);
  EXPECT_NE(third.failure().detail.find("exited with code 0"), std::string::npos);
  const Result fourth = session->call(bytes_of("d"), deadline_in(10s));
  ASSERT_FALSE(fourth.ok());
  EXPECT_EQ(fourth.failure().kind, FailureKind::ChildExited);
}

TEST(Channel, ManySequentialCallsAreAnsweredInOrder) {
  auto session = start({"count"});
  for (std::uint64_t i = 1; i <= 20000; ++i) {
    const Result result = session->call(pattern(i % 300, static_cast<std::uint32_t>(i)), deadline_in(10s));
    ASSERT_TRUE(result.ok()) << "call " << i << ": " << result.failure().describe();
    ASSERT_EQ(result.bytes().size(), 8U);
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < 8; ++b) seen |= std::uint64_t(result.bytes()[b]) << (8 * b);
    ASSERT_EQ(seen, i);
  }
}

TEST(Channel, EchoesDistinctPayloadsBackToTheirOwnCalls) {
  auto session = start({"echo"});
  for (std::uint32_t i = 0; i < 2000; ++i) {
    const auto request = pattern(1 + i % 700, i);
    const Result result = session->call(request, deadline_in(10s));
    ASSERT_TRUE(result.ok()) << result.failure().describe();
    ASSERT_TRUE(std::equal(request.begin(), request.end(), result.bytes().begin(), result.bytes().end()))
        << "call " << i;
  }
}

TEST(Channel, FloodingChildStillAnswersAndItsOutputIsTruncatedToTheLimit) {
  constexpr std::size_t kPerCall = 256 << 10;  // to stdout and to stderr, per call
  constexpr int kCalls = 12;                   // 6 MiB in all
  SessionOptions options;
  options.output_limit = 64 << 10;
  auto session = start({"flood", std::to_string(kPerCall)}, options);
  for (int i = 0; i < kCalls; ++i) {
    const Result result = session->call(bytes_of("ping"), deadline_in(20s));
    ASSERT_TRUE(result.ok()) << result.failure().describe();
  }
  EXPECT_TRUE(session->shutdown(deadline_in(10s)).success());
  ASSERT_TRUE(session->child().wait_output_closed(deadline_in(10s)));
  const CapturedOutput output = session->child().output();
  EXPECT_EQ(output.kept.size(), std::size_t{64} << 10);
  EXPECT_EQ(output.total_bytes, 2 * kPerCall * kCalls);
  EXPECT_TRUE(output.truncated());
}

TEST(Channel, ClosingTheChannelLetsTheChildExitCleanly) {
  auto session = start({"echo"});
  ASSERT_TRUE(session->call(bytes_of("x"), deadline_in(10s)).ok());
  const ExitStatus status = session->shutdown(deadline_in(10s));
  EXPECT_TRUE(status.success()) << status.describe();
  const Result after = session->call(bytes_of("x"), deadline_in(10s));
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.failure().kind, FailureKind::Closed);
}

TEST(Channel, ChildCannotShrinkTheSharedRegion) {
  auto session = start({"truncate"});
  const Result result = session->call(bytes_of("?"), deadline_in(10s));
  ASSERT_TRUE(result.ok()) << result.failure().describe();
  EXPECT_EQ(text_of(result.bytes()), "refused");
  const auto big = pattern(std::size_t{4} << 20, 3);  // touches every page of both areas
  const Result after = session->call(big, deadline_in(10s));
  ASSERT_TRUE(after.ok()) << after.failure().describe();
  EXPECT_EQ(after.bytes().size(), big.size());
}

TEST(Channel, ChildRunsUnderALauncherPrefix) {
  SessionOptions options;
  options.launcher = {"env", "DSLAB_TEST_VIA=launcher"};
  auto session = start({"env", "DSLAB_TEST_VIA"}, options);
  const Result result = session->call(bytes_of("?"), deadline_in(10s));
  ASSERT_TRUE(result.ok()) << result.failure().describe();
  EXPECT_EQ(text_of(result.bytes()), "launcher");
}

TEST(Channel, ChildRunsUnderBubblewrap) {
  SpawnOptions probe;
  probe.argv = {"bwrap", "--dev-bind", "/", "/", "--unshare-pid", "--die-with-parent", "true"};
  try {
    if (!Child::spawn(probe)->wait_until(deadline_in(10s)).value_or(ExitStatus{true, 9}).success()) {
      GTEST_SKIP() << "bwrap cannot create namespaces here";
    }
  } catch (const std::exception& error) {
    GTEST_SKIP() << error.what();
  }
  SessionOptions options;
  options.launcher = {"bwrap", "--dev-bind", "/", "/", "--unshare-pid", "--die-with-parent", "--"};
  auto session = start({"echo"}, options);
  const Result result = session->call(bytes_of("sandboxed"), deadline_in(10s));
  ASSERT_TRUE(result.ok()) << result.failure().describe() << session->child().output().kept;
  EXPECT_EQ(text_of(result.bytes()), "sandboxed");
}

TEST(Channel, ChildSeesOnlyStdioAndTheChannelFd) {
  const int leaky = fcntl(0, F_DUPFD, 20);  // deliberately not CLOEXEC
  ASSERT_GE(leaky, 0);
  auto session = start({"list-fds"});
  const Result result = session->call(bytes_of("?"), deadline_in(10s));
  close(leaky);
  ASSERT_TRUE(result.ok()) << result.failure().describe();
  EXPECT_EQ(text_of(result.bytes()), "0 1 2 3");
}

TEST(Channel, InProcessEndpointOnAnotherThreadServesRequests) {
  Channel channel;
  Endpoint endpoint = Endpoint::attach(dup(channel.child_fd()));
  std::thread server([&] {
    endpoint.serve([](std::span<const std::byte> request, std::span<std::byte> out) {
      for (std::size_t i = 0; i < request.size(); ++i) out[i] = request[request.size() - 1 - i];
      return request.size();
    });
  });
  const Result result = channel.call(bytes_of("abc"), deadline_in(10s));
  ASSERT_TRUE(result.ok()) << result.failure().describe();
  EXPECT_EQ(text_of(result.bytes()), "cba");
  channel.close();
  server.join();  // serve() returns once the channel is closed
}

// Serves `calls` reversed-echo calls between this thread and an endpoint thread and returns the
// first failure. Both sides sleep for as long as the deadline allows, so a lost wake-up on
// either side is a Timeout, not a slow success.
std::string serve_calls(Channel::Options parent, Endpoint::Options child, int calls) {
  parent.sleep_slice = 1h;
  child.sleep_slice = 1h;
  Channel channel(parent);
  Endpoint endpoint = Endpoint::attach(dup(channel.child_fd()), child);
  std::thread server([&] {
    endpoint.serve([](std::span<const std::byte> request, std::span<std::byte> out) {
      for (std::size_t i = 0; i < request.size(); ++i) out[i] = request[request.size() - 1 - i];
      return request.size();
    });
  });
  std::string failure;
  for (int i = 0; i < calls && failure.empty(); ++i) {
    const std::string text = std::to_string(i);
    const Result result = channel.call(bytes_of(text), deadline_in(10s));
    if (!result.ok()) {
      failure = "call " + text + ": " + result.failure().describe();
    } else if (text_of(result.bytes()) != std::string(text.rbegin(), text.rend())) {
      failure = "call " + text + " answered " + text_of(result.bytes());
    }
  }
  channel.close();  // wakes the endpoint sleeping with no timeout to speak of
  server.join();
  return failure;
}

TEST(Channel, NoWakeIsLostWhenNeitherSideSpins) {
  Channel::Options parent;
  parent.spin = 0ns;
  Endpoint::Options child;
  child.spin = 0ns;
  EXPECT_EQ(serve_calls(parent, child, 2000), "");
}

TEST(Channel, NoWakeIsLostWhenBothSidesShareOneCpu) {
  // Both threads on one CPU: every spin runs out while the peer cannot run, and each handoff
  // goes through the futex sleep and wake.
  cpu_set_t all;
  ASSERT_EQ(sched_getaffinity(0, sizeof all, &all), 0);
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(sched_getcpu(), &one);
  if (sched_setaffinity(0, sizeof one, &one) != 0) GTEST_SKIP() << "cannot pin to one CPU";
  const std::string failure = serve_calls({}, {}, 2000);  // the server thread inherits the pin
  sched_setaffinity(0, sizeof all, &all);
  EXPECT_EQ(failure, "");
}

TEST(Channel, ZeroCapacityIsRejected) {
  Channel::Options options;
  options.request_capacity = 0;
  EXPECT_THROW(Channel{options}, std::invalid_argument);
}

TEST(Endpoint, AttachRejectsAnFdThatIsNotAChannelRegion) {
  const int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_THROW(Endpoint::attach(fd), std::runtime_error);
  close(fd);
  EXPECT_THROW(Endpoint::attach(-1), std::runtime_error);
}

}  // namespace
}  // namespace dslab::ipc
