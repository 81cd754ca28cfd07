// Lab 2 public tests: table-driven tests of one detector node (NodeDriver: no network, no
// simulator). Each row delivers HeartbeatReplies, fires the Timeout and checks the outputs, the
// next delay and the requests sent. Read the handout (labs/lab2-detector/README.md) first.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "labs/lab2-detector/api/protocol.hpp"
#include "runtime/testing/driver.hpp"
#include "runtime/testing/lab_engine.hpp"

namespace lab2 {
namespace {

using dslab::codec::to_text;
using dslab::labkit::Step;
using Driver = dslab::labkit::NodeDriver<Protocol>;
using Output = Protocol::Output;

/// One timeout of a table: the replies delivered before it, what it must announce (any order),
/// and the delay of the Timeout it must set.
struct Row {
  std::vector<NodeId> replies;
  std::vector<Output> outputs;
  Duration next_delay = kInitialDelay;
};

std::vector<std::string> texts(const std::vector<Output>& outputs) {
  std::vector<std::string> out;
  for (const auto& o : outputs) out.push_back(to_text(o));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Duration> delays(const Step<Protocol>& step) {
  std::vector<Duration> out;
  for (const auto& t : step.timers) out.push_back(t.after);
  return out;
}

/// A node `self` of the cluster `nodes`, started: its start announced the highest id and set a
/// Timeout of kInitialDelay.
class DetectorTable : public ::testing::Test {
 protected:
  void boot(NodeId self, std::vector<NodeId> nodes) {
    nodes_ = nodes;
    driver_ = std::make_unique<Driver>(*engine_, self, std::move(nodes));
    const auto step = driver_->start();
    ASSERT_TRUE(step.sends.empty()) << "on_start sends nothing";
    ASSERT_EQ(texts(step.outputs), texts({Trust{nodes_.back()}}))
        << "on_start must announce the highest id as leader";
    ASSERT_EQ(delays(step), std::vector<Duration>{kInitialDelay})
        << "on_start must set one Timeout of kInitialDelay";
  }

  /// Runs the rows in order; each timeout must also send one request to every node.
  void run(const std::vector<Row>& rows) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      SCOPED_TRACE("row " + std::to_string(i) + " (timeout " + std::to_string(i + 1) + ")");
      for (NodeId from : rows[i].replies) {
        const auto step = driver_->deliver(from, HeartbeatReply{});
        ASSERT_TRUE(step.sends.empty() && step.outputs.empty() && step.timers.empty())
            << "a HeartbeatReply only marks its sender alive: no sends, outputs or timers";
      }
      const auto step = driver_->fire_next();
      EXPECT_EQ(texts(step.outputs), texts(rows[i].outputs)) << "announcements of the timeout";
      EXPECT_EQ(delays(step), std::vector<Duration>{rows[i].next_delay})
          << "the timeout must set exactly one Timeout with the detector's delay";
      for (NodeId n : nodes_) {
        EXPECT_EQ(step.sent_to(n).size(), 1u) << "one HeartbeatRequest to n" << n;
      }
    }
  }

  std::unique_ptr<dslab::engine::Engine<Protocol>> engine_ =
      dslab::labkit::make_lab_engine<Protocol>();
  std::unique_ptr<Driver> driver_;
  std::vector<NodeId> nodes_;
};

// ---- the node's start and its messages ----

TEST_F(DetectorTable, Start_SetsInitialTimeoutAnnouncesHighestIdAndSendsNothing) {
  boot(2, {1, 2, 3, 4});  // checks Trust(leader=4), one Timeout of kInitialDelay, no sends
  ASSERT_EQ(driver_->timers().size(), 1u);
  EXPECT_EQ(driver_->timers().begin()->second.due, kInitialDelay);
}

TEST_F(DetectorTable, Timeout_SendsOneHeartbeatRequestToEveryNodeIncludingItself) {
  boot(1, {1, 2, 3});
  const auto step = driver_->fire_next();
  EXPECT_EQ(driver_->now(), kInitialDelay) << "the first timeout is due kInitialDelay after start";
  ASSERT_EQ(step.sends.size(), 3u) << "exactly one message to each of the 3 nodes";
  for (NodeId n : {1, 2, 3}) {
    EXPECT_EQ(step.sent_to(n), std::vector<Protocol::Message>{HeartbeatRequest{}}) << "to n" << n;
  }
}

TEST_F(DetectorTable, Request_IsAnsweredWithOneReplyToItsSender) {
  boot(2, {1, 2, 3});
  for (NodeId from : {3, 2}) {
    const auto step = driver_->deliver(from, HeartbeatRequest{});
    ASSERT_EQ(step.sends.size(), 1u) << "one reply to the request from n" << from;
    EXPECT_EQ(step.sent_to(from), std::vector<Protocol::Message>{HeartbeatReply{}});
    EXPECT_TRUE(step.outputs.empty() && step.timers.empty());
  }
}

// ---- the timeout procedure: sets before/after, notifications, delay ----

TEST_F(DetectorTable, Timeout_FirstTimeoutSuspectsNobodyBecauseEveryNodeStartsAlive) {
  boot(1, {1, 2, 3});
  run({{{}, {}, kInitialDelay}});
}

TEST_F(DetectorTable, Timeout_NodeWhoseReplyDidNotArriveIsSuspected) {
  boot(1, {1, 2, 3});
  run({{{}, {}, kInitialDelay},                  // alive = all: nothing changes
       {{1, 3}, {Suspect{2}}, kInitialDelay}});  // n2 did not answer
}

TEST_F(DetectorTable, Timeout_ANodeIsAliveOnlyWhenItsOwnReplyArrives) {
  boot(1, {1, 2, 3});
  // Replies are counted per sender: two replies from n3 do not make n2 alive, and a node's
  // own reply is needed for it to stay unsuspected.
  run({{{}, {}, kInitialDelay}, {{3, 3, 2}, {Suspect{1}}, kInitialDelay}});
}

TEST_F(DetectorTable, Timeout_AliveIsClearedAfterEachTimeout) {
  boot(1, {1, 2, 3});
  run({{{}, {}, kInitialDelay},
       {{1, 2, 3}, {}, kInitialDelay},           // everyone answered
       {{1, 3}, {Suspect{2}}, kInitialDelay}});  // n2's earlier reply does not count again
}

TEST_F(DetectorTable, Timeout_SuspectedNodeHeardFromIsRestoredAndDelayGrowsByDelta) {
  boot(1, {1, 2, 3});
  run({{{}, {}, kInitialDelay},
       {{1, 3}, {Suspect{2}}, kInitialDelay},
       {{1, 2, 3}, {Restore{2}}, kInitialDelay + kDelta}});
}

TEST_F(DetectorTable, Timeout_DelayGrowsOncePerTimeoutWhateverTheNumberOfRestores) {
  boot(1, {1, 2, 3, 4});
  run({{{}, {}, kInitialDelay},
       {{1}, {Suspect{2}, Suspect{3}, Suspect{4}, Trust{1}}, kInitialDelay},
       {{1, 2, 4}, {Restore{2}, Restore{4}, Trust{4}}, kInitialDelay + kDelta}});
}

TEST_F(DetectorTable, Timeout_DelayStaysAfterGrowthAndStillSuspectedNodeIsNotAnnouncedAgain) {
  boot(1, {1, 2, 3});
  run({{{}, {}, kInitialDelay},
       {{1, 3}, {Suspect{2}}, kInitialDelay},
       {{1, 3}, {}, kInitialDelay},                        // n2 still silent: no news
       {{1, 2, 3}, {Restore{2}}, kInitialDelay + kDelta},  // false suspicion: delay grows
       {{1, 2, 3}, {}, kInitialDelay + kDelta},            // stays grown, no shrinking
       {{1, 2}, {Suspect{3}, Trust{2}}, kInitialDelay + kDelta},
       {{1, 2, 3}, {Restore{3}, Trust{3}}, kInitialDelay + 2 * kDelta}});
}

// ---- the leader rule ----

TEST_F(DetectorTable, Leader_SuspectingTheLeaderMovesToTheNextHighestId) {
  boot(1, {1, 2, 3});
  run({{{}, {}, kInitialDelay}, {{1, 2}, {Suspect{3}, Trust{2}}, kInitialDelay}});
}

TEST_F(DetectorTable, Leader_NotifiedOnlyWhenItChanges) {
  boot(3, {1, 2, 3});
  run({{{}, {}, kInitialDelay},
       {{2, 3}, {Suspect{1}}, kInitialDelay},  // the leader n3 is still trusted
       {{3}, {Suspect{2}}, kInitialDelay},
       {{1, 2, 3}, {Restore{1}, Restore{2}}, kInitialDelay + kDelta}});
}

TEST_F(DetectorTable, Leader_UnknownWhenEveryNodeIsSuspected) {
  boot(2, {1, 2});
  run({{{}, {}, kInitialDelay},
       {{}, {Suspect{1}, Suspect{2}, Trust{kUnknownLeader}}, kInitialDelay},
       {{1}, {Restore{1}, Trust{1}}, kInitialDelay + kDelta}});
}

TEST_F(DetectorTable, Leader_RestoredHigherNodeTakesLeadershipBack) {
  boot(1, {1, 2, 3, 4});
  run({{{}, {}, kInitialDelay},
       {{1, 2}, {Suspect{3}, Suspect{4}, Trust{2}}, kInitialDelay},
       {{1, 2, 3}, {Restore{3}, Trust{3}}, kInitialDelay + kDelta},
       {{1, 2, 3, 4}, {Restore{4}, Trust{4}}, kInitialDelay + 2 * kDelta}});
}

// ---- crash and restart ----

TEST_F(DetectorTable, Restart_StartsFreshWithInitialDelayAndNoSuspicion) {
  boot(1, {1, 2, 3});
  run({{{}, {}, kInitialDelay},
       {{1}, {Suspect{2}, Suspect{3}, Trust{1}}, kInitialDelay},
       {{1, 2, 3}, {Restore{2}, Restore{3}, Trust{3}}, kInitialDelay + kDelta}});
  const auto step = driver_->crash_and_restart();
  EXPECT_EQ(texts(step.outputs), texts({Trust{3}})) << "a restarted node announces anew";
  EXPECT_EQ(delays(step), std::vector<Duration>{kInitialDelay}) << "the delay starts over";
  // Fresh state: everyone alive at the first timeout again.
  run({{{}, {}, kInitialDelay}, {{1, 3}, {Suspect{2}}, kInitialDelay}});
}

}  // namespace
}  // namespace lab2
