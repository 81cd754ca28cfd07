// Tests of the scenario runner: the lab's checkers are built for every run and see every
// handler call; a failing seed is re-run with the full trace and reported with the seed count,
// the property and the replay command; the isolation audit (one host process per node) catches
// nodes that share memory or keep state across a crash outside stable storage.
#include "runtime/testing/runner.hpp"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "runtime/engine/inprocess.hpp"
#include "runtime/examples/ping/ping.hpp"
#include "runtime/host/host_engine.hpp"
#include "runtime/testing/counters.hpp"
#include "runtime/testing/script.hpp"

namespace dslab::labkit {
namespace {
using examples::ping::PingNode;
using PingProtocol = examples::ping::Protocol;
using Sim = sim::Simulator<PingProtocol>;

/// The per-run checkers of the "ping lab": counts handler calls and messages; with a limit
/// (Settings), fails the run once more round trips than that have been output.
struct PingCheckers {
  struct Settings {
    std::size_t max_round_trips = 1'000'000;
  };
  PingCheckers(Sim& sim, ObservedEngine<PingProtocol>& engine, Settings settings)
      : messages(sim) {
    engine.on_call([this](const HandlerCall<PingProtocol>&) { ++calls; });
    sim.on_output([this, settings](const sim::OutputRecord<PingProtocol>&) {
      return ++round_trips > settings.max_round_trips
                 ? std::optional<std::string>("too many round trips")
                 : std::nullopt;
    });
  }
  MessageCounts<PingProtocol> messages;
  std::size_t calls = 0;
  std::size_t round_trips = 0;
};
using PingRunner = Runner<PingProtocol, PingCheckers>;

/// The message of the one failure `run` reports ("" and a test failure if there is not exactly
/// one); `run` must return false.
template <class Run>
std::string failure_of(Run&& run) {
  ::testing::TestPartResultArray results;
  bool passed = true;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
    passed = run();
  }
  EXPECT_FALSE(passed);
  EXPECT_EQ(results.size(), 1);
  return results.size() == 1 ? results.GetTestPartResult(0).message() : "";
}

PingRunner in_process() {
  return PingRunner(std::make_unique<engine::InProcessEngine<PingNode>>(), nullptr);
}

sim::SimConfig swarm(std::uint64_t seed) {
  random::Rng rng = random::Rng(seed).derive("test/swarm");
  sim::SimConfig c;
  c.nodes = 3;
  c.network = sim::NetworkConfig::swarm(rng);
  return c;
}

// The VOPR shape: faults until 1 s, then healed; liveness: round trips keep happening.
void vopr(Sim& sim, PingCheckers& checkers) {
  sim::NemesisConfig nemesis;
  nemesis.until = sec(1);
  fault_phase(sim, nemesis);
  if (!sim.run_until(sec(1))) return;
  const std::size_t before = checkers.round_trips;
  eventually(sim, sec(2), [&] { return checkers.round_trips >= before + 20; },
             "20 round trips after the faults healed");
}

TEST(Runner, EveryRunGetsFreshCheckersThatSeeItsCallsAndMessages) {
  auto runner = in_process();
  std::vector<std::size_t> calls;
  EXPECT_TRUE(runner.randomized({.seeds = 5, .property = "ping keeps going"}, swarm,
                                [&](Sim& sim, PingCheckers& c) {
                                  vopr(sim, c);
                                  EXPECT_GT(c.messages.of(examples::ping::Ping{}), 0u);
                                  EXPECT_GT(c.messages.total(), c.messages.of(examples::ping::Ping{}));
                                  calls.push_back(c.calls);
                                }));
  ASSERT_EQ(calls.size(), 5u);
  for (std::size_t n : calls) EXPECT_GT(n, 10u);
}

TEST(Runner, FailingSeedIsReportedWithSeedsPropertyTraceAndReplay) {
  auto runner = in_process();
  const std::string text = failure_of([&] {
    return runner.randomized({.seeds = 7, .property = "at most 5 round trips", .first_seed = 40},
                             swarm, vopr, PingCheckers::Settings{.max_round_trips = 5});
  });
  EXPECT_EQ(text.rfind("FAIL runtime", 0), 0u) << "the report is the message's first line\n"
                                               << text;
  EXPECT_NE(text.find("FAIL runtime  Runner.FailingSeedIsReportedWithSeedsPropertyTraceAndReplay"
                      "  seed=40  (7 seeds)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  safety at t="), std::string::npos) << text;
  EXPECT_NE(text.find("too many round trips"), std::string::npos) << text;
  EXPECT_NE(text.find("  property: at most 5 round trips"), std::string::npos) << text;
  EXPECT_NE(text.find("trace excerpt: "), std::string::npos) << "the re-run has the full trace\n"
                                                          << text;
  EXPECT_NE(text.find("replay: dslab replay runtime "), std::string::npos) << text;
}

TEST(Runner, DeterministicRequiresPassingRunsWithEqualTraces) {
  auto runner = in_process();
  EXPECT_TRUE(runner.deterministic(2, swarm, vopr));
  const std::string text = failure_of([&] {
    return runner.deterministic(1, swarm, vopr, PingCheckers::Settings{.max_round_trips = 1});
  });
  EXPECT_NE(text.find("too many round trips"), std::string::npos) << text;
}

// A ping node whose every start after the first run's three throws (a static count): the
// second run of a seed fails where the first passed, as a node host that hangs or dies does.
int& ping_starts() {
  static int starts = 0;
  return starts;
}
class FailsAfterTheFirstRun : public PingNode {
 public:
  void on_start(node::Context<PingProtocol>& ctx) {
    if (++ping_starts() > 3) throw std::runtime_error("the host died");
    PingNode::on_start(ctx);
  }
  DSLAB_STATE(FailsAfterTheFirstRun)
};

TEST(Runner, DeterministicReportsAFailingSecondRunAsThatFailureNotAsNondeterminism) {
  ping_starts() = 0;
  PingRunner runner(std::make_unique<engine::InProcessEngine<FailsAfterTheFirstRun>>(), nullptr);
  const std::string text = failure_of([&] {
    return runner.deterministic(1, swarm, [](Sim& sim, PingCheckers&) { sim.run_until(msec(200)); });
  });
  EXPECT_EQ(text.rfind("FAIL runtime", 0), 0u) << "not NONDETERMINISTIC\n" << text;
  EXPECT_NE(text.find("the host died"), std::string::npos) << text;
}

TEST(Runner, ScriptedRunsUseTheScriptHelpers) {
  auto runner = in_process();
  sim::SimConfig c;
  c.network = fixed_latency(msec(1));
  EXPECT_TRUE(runner.scripted(c, [](Sim& sim, PingCheckers& checkers) {
    repartition_at(sim, msec(10), {{1}, {2, 3}});
    network_window(sim, msec(20), msec(30), always_duplicate(msec(2)));
    sim.heal_at(msec(40));
    sim.run_until(msec(100));
    EXPECT_EQ(sim.network().min_latency, msec(1)) << "the window's end restores the network";
    EXPECT_GT(checkers.round_trips, 0u);
  }));
}

// ---- the isolation audit, on the real node host (runtime/host's test host) ----

host::HostOptions test_host(const std::string& node, bool per_node) {
  host::HostOptions o;
  o.host_path = DSLAB_TEST_HOST;
  o.env = {"TEST_HOST_NODE=" + node};
  o.process_per_node = per_node;
  return o;
}

PingRunner on_host(const std::string& node) {
  return PingRunner(std::make_unique<host::HostEngine<PingProtocol>>(test_host(node, false)),
                    std::make_unique<host::HostEngine<PingProtocol>>(test_host(node, true)));
}

// Crashes and restarts in the fault phase, so state kept across a crash shows.
void crash_restart(Sim& sim, PingCheckers&) {
  sim.crash_at(msec(100), 2);
  sim.restart_at(msec(200), 2);
  sim.run_until(msec(400));
}

TEST(IsolationAudit, ContractAbidingNodesGiveTheSameTraceWithOneProcessPerNode) {
  auto runner = on_host("ping");
  EXPECT_TRUE(runner.randomized({.seeds = 3}, swarm, crash_restart));
}

TEST(IsolationAudit, NodesSharingMemoryAreCaught) {
  auto runner = on_host("sharing");
  const std::string text =
      failure_of([&] { return runner.randomized({.seeds = 3}, swarm, crash_restart); });
  EXPECT_NE(text.find("  isolation at t="), std::string::npos) << text;
  EXPECT_NE(text.find("nodes share memory or keep state outside stable storage: the run with "
                      "one process per node diverged at event "),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("seed=1"), std::string::npos) << "the first audited seed\n" << text;
}

TEST(IsolationAudit, StateKeptAcrossACrashOutsideStableStorageIsCaughtInAScriptedRun) {
  auto runner = on_host("amnesia");
  sim::SimConfig c;
  const std::string text = failure_of([&] { return runner.scripted(c, crash_restart); });
  EXPECT_NE(text.find("diverged at event"), std::string::npos) << text;
}

}  // namespace
}  // namespace dslab::labkit
