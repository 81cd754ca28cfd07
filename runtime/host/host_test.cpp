// Node host tests: the host engine gives the same trace as the in-process engine, the isolation
// audit (one process per node) catches nodes that share memory or survive crashes outside
// stable storage, and the harness survives hosts that crash, hang, flood, spam or talk garbage.
#include "runtime/host/host_engine.hpp"

#include <gtest/gtest.h>

#include "runtime/engine/inprocess.hpp"
#include "runtime/examples/ping/ping.hpp"
#include "runtime/sim/nemesis.hpp"
#include "runtime/testing/driver.hpp"

namespace dslab::host {
namespace {
using examples::ping::PingNode;
using PingProtocol = examples::ping::Protocol;

HostOptions host(const std::string& node, bool per_node = false) {
  HostOptions o;
  o.host_path = DSLAB_TEST_HOST;
  o.env = {"TEST_HOST_NODE=" + node};
  o.process_per_node = per_node;
  o.call_timeout = std::chrono::milliseconds(2000);
  return o;
}

sim::SimConfig faulty(std::uint64_t seed) {
  sim::SimConfig c;
  c.seed = seed;
  c.nodes = 4;
  c.network.drop = {1, 10};
  c.network.duplicate = {1, 10};
  c.network.spike = {1, 10};
  return c;
}

// Runs ping with crashes and restarts; returns the trace hash and event count.
std::pair<std::uint64_t, std::uint64_t> run_ping(engine::Engine<PingProtocol>& engine,
                                                 std::uint64_t seed) {
  sim::Simulator<PingProtocol> s(faulty(seed), engine);
  sim::NemesisConfig n;
  n.until = msec(1500);
  sim::schedule_nemesis(s, n, s.workload_rng().derive("nemesis"));
  EXPECT_TRUE(s.run_until(sec(2))) << s.failure()->message;
  return {s.trace().hash(), s.trace().count()};
}

TEST(HostEngine, SameTraceAsTheInProcessEngine) {
  for (std::uint64_t seed : {1, 2, 3}) {
    engine::InProcessEngine<PingNode> local;
    HostEngine<PingProtocol> hosted(host("ping"));
    const auto a = run_ping(local, seed);
    const auto b = run_ping(hosted, seed);
    EXPECT_EQ(a, b) << "seed " << seed;
    EXPECT_GT(a.second, 1000u);
  }
}

TEST(HostEngine, IsolationAuditOneProcessPerNodeGivesTheSameTrace) {
  HostEngine<PingProtocol> shared(host("ping")), audit(host("ping", true));
  EXPECT_EQ(run_ping(shared, 7), run_ping(audit, 7));
}

TEST(HostEngine, IsolationAuditCatchesNodesSharingMemory) {
  HostEngine<PingProtocol> shared(host("sharing")), audit(host("sharing", true));
  sim::SimConfig c;
  c.seed = 4;
  sim::Simulator<PingProtocol> a(c, shared);
  a.run_until(sec(1));
  sim::Simulator<PingProtocol> b(c, audit);
  b.run_until(sec(1));
  EXPECT_NE(a.trace().hash(), b.trace().hash());
  const auto d = trace::first_divergence(a.trace().events(), b.trace().events());
  ASSERT_TRUE(d.has_value());
  // The cheat shows up as a log line that exists in one run and not in the other.
  const bool log_differs = (d->first && d->first->kind == trace::Kind::kLog) ||
                           (d->second && d->second->kind == trace::Kind::kLog);
  EXPECT_TRUE(log_differs) << d->describe();
}

TEST(HostEngine, IsolationAuditCatchesStateKeptAcrossACrash) {
  HostEngine<PingProtocol> shared(host("amnesia")), audit(host("amnesia", true));
  auto run = [](engine::Engine<PingProtocol>& e) {
    sim::Simulator<PingProtocol> s(sim::SimConfig{}, e);
    s.crash_at(msec(100), 2);
    s.restart_at(msec(200), 2);
    s.run_until(msec(300));
    return s.trace().hash();
  };
  EXPECT_NE(run(shared), run(audit));
}

TEST(HostEngine, SnapshotRestoreAndViewGoThroughTheHost) {
  HostEngine<PingProtocol> hosted(host("ping"));
  labkit::NodeDriver<PingProtocol> d(hosted, 1, {1, 2});
  d.start();
  d.deliver(2, examples::ping::Pong{1});
  const auto snap = hosted.snapshot(1);
  EXPECT_EQ(hosted.view(1)["round_trips"], 1);
  d.deliver(2, examples::ping::Pong{2});
  EXPECT_EQ(hosted.view(1)["round_trips"], 2);
  hosted.restore(1, snap);
  EXPECT_EQ(hosted.view(1)["round_trips"], 1);
  EXPECT_EQ(codec::decode<PingNode>(snap).round_trips(), 1u);
}

// Runs a small simulation on a hostile host; returns the failure reason (empty if none).
std::string hostile_run(const std::string& node, const std::string& mode) {
  HostOptions o = host(node);
  o.env.push_back("HOSTILE_MODE=" + mode);
  // Short for the hang test; generous otherwise, so a loaded machine cannot turn a spam or a
  // flood into a timeout.
  o.call_timeout = std::chrono::milliseconds(mode == "hang" ? 300 : 5000);
  HostEngine<PingProtocol> hosted(o);
  sim::Simulator<PingProtocol> s(sim::SimConfig{}, hosted);
  s.run_until(msec(200));
  return s.failed() ? s.failure()->kind + ": " + s.failure()->message : "";
}

TEST(HostEngine, HostThatAbortsFailsTheRunWithTheSignal) {
  const auto why = hostile_run("hostile", "abort");
  EXPECT_NE(why.find("engine"), std::string::npos) << why;
  EXPECT_NE(why.find("SIGABRT"), std::string::npos) << why;
}

TEST(HostEngine, HostThatHangsTimesOut) {
  const auto why = hostile_run("hostile", "hang");
  EXPECT_NE(why.find("did not answer within 300 ms"), std::string::npos) << why;
}

TEST(HostEngine, HostThatThrowsReportsTheException) {
  const auto why = hostile_run("hostile", "throw");
  EXPECT_NE(why.find("student bug: index out of range"), std::string::npos) << why;
}

TEST(HostEngine, HostThatFloodsOutputStillWorks) {
  EXPECT_EQ(hostile_run("hostile", "flood"), "");
}

TEST(HostEngine, HostThatSpamsEffectsIsStopped) {
  const auto why = hostile_run("hostile", "spam");
  EXPECT_NE(why.find("effects"), std::string::npos) << why;  // over the count limit or the response area
}

TEST(HostEngine, HostThatAnswersGarbageIsRejected) {
  const auto why = hostile_run("garbage", "");
  EXPECT_NE(why.find("garbage"), std::string::npos) << why;
}

TEST(HostEngine, HostThatExitsAtOnceIsReported) {
  const auto why = hostile_run("exit0", "");
  EXPECT_NE(why.find("exited with code 0"), std::string::npos) << why;
}

// Runs a small simulation on the forging host; returns the failure reason (empty if none).
std::string forged_run(const std::string& effect) {
  HostOptions o = host("forger");
  o.env.push_back("FORGE_EFFECT=" + effect);
  HostEngine<PingProtocol> hosted(o);
  sim::Simulator<PingProtocol> s(sim::SimConfig{}, hosted);
  s.run_until(msec(50));
  return s.failed() ? s.failure()->kind + ": " + s.failure()->message : "";
}

// A Context can address any id; the simulator drops what names no node, in every engine alike.
TEST(HostEngine, ASendToANodeOutsideTheClusterIsDroppedAsInProcess) {
  HostOptions o = host("forger");
  o.env.push_back("FORGE_EFFECT=send-to-n9");
  HostEngine<PingProtocol> hosted(o);
  sim::Simulator<PingProtocol> s(sim::SimConfig{}, hosted);
  std::size_t dropped = 0;
  s.run_events().on_drop([&](const auto& d) { dropped += d.to == 9 ? 1 : 0; });
  EXPECT_TRUE(s.run_until(msec(50)));
  EXPECT_GT(dropped, 0u);
}

TEST(HostEngine, TimerDelaysOutsideTheBoundsFailTheRun) {
  for (const char* effect : {"negative-timer", "huge-timer"}) {
    const auto why = forged_run(effect);
    EXPECT_NE(why.find("µs ahead (a delay must be from 0 to"), std::string::npos) << effect << ": " << why;
  }
}

TEST(HostEngine, TimerIdsNotLentToTheEventFailTheRun) {
  EXPECT_NE(forged_run("foreign-timer-id").find("not one of the ids lent"), std::string::npos);
  EXPECT_NE(forged_run("timer-ids-backwards").find("timer ids backwards"), std::string::npos);
}

TEST(HostEngine, AForgingHostWithValidEffectsRuns) { EXPECT_EQ(forged_run("none"), ""); }

TEST(HostEngine, HarnessGoesOnAfterAFailedHost) {
  EXPECT_FALSE(hostile_run("hostile", "abort").empty());
  HostEngine<PingProtocol> hosted(host("ping"));
  sim::Simulator<PingProtocol> s(sim::SimConfig{}, hosted);
  EXPECT_TRUE(s.run_until(msec(200)));
  EXPECT_GT(s.outputs().size(), 10u);
}

TEST(HostEngine, MissingHostExecutableIsAClearFailure) {
  HostOptions o;
  o.host_path = "/nonexistent/host";
  HostEngine<PingProtocol> hosted(o);
  sim::Simulator<PingProtocol> s(sim::SimConfig{}, hosted);
  EXPECT_FALSE(s.run_until(msec(10)));
  EXPECT_NE(s.failure()->message.find("cannot start the node host"), std::string::npos)
      << s.failure()->message;
}

}  // namespace
}  // namespace dslab::host
