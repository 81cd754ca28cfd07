// Lab 2 public tests: table-driven tests of one detector node (the kit's table runner: no
// network, no simulator). Each timeout row delivers HeartbeatReplies, fires the Timeout and checks
// the announcements, the next delay and the requests sent. Read the handout
// (labs/lab2-detector/README.md) first.
#include <gtest/gtest.h>

#include <vector>

#include "labs/lab2-detector/api/protocol.hpp"
#include "runtime/testing/table.hpp"

namespace lab2 {
namespace {

using Table = dslab::labkit::Table<Protocol>;
using Row = Table::Row;
using Output = Protocol::Output;
using dslab::labkit::Boot;

/// One timeout of a table: the replies delivered before it, what it must announce (any order),
/// and the delay of the Timeout it must set.
struct TimeoutRow {
  std::vector<NodeId> replies = {};
  std::vector<Output> outputs = {};
  Duration next_delay = kInitialDelay;
};

/// A node `self` of the cluster 1..n, not started; `boot()` checks its start.
struct Detector {
  Detector(NodeId self, int cluster) : n(cluster), table(self, cluster, Boot::kNotStarted) {}

  /// Its start announces the highest id as leader, sets one Timeout of kInitialDelay and sends
  /// nothing.
  bool boot() {
    return table.run({{.what = "start",
                       .input = Table::Start{},
                       .only_these_sends = true,
                       .outputs = std::vector<Output>{Trust{n}},
                       .timers = std::vector<Duration>{kInitialDelay}}});
  }

  /// Each timeout: its replies first (a HeartbeatReply only marks its sender alive: no sends,
  /// outputs or timers), then the Timeout, which sends exactly one HeartbeatRequest to every node.
  bool timeouts(const std::vector<TimeoutRow>& rows) {
    std::vector<Row> table_rows;
    for (const TimeoutRow& t : rows) {
      Row row{.what = "timeout " + std::to_string(++timeouts_run),
              .input = Table::FireTimer{},
              .sends = Table::to_all(n, HeartbeatRequest{}),
              .only_these_sends = true,
              .outputs = t.outputs,
              .timers = std::vector<Duration>{t.next_delay}};
      for (NodeId from : t.replies) row.quietly.push_back(Table::from(from, HeartbeatReply{}));
      table_rows.push_back(std::move(row));
    }
    return table.run(table_rows);
  }

  int n;
  Table table;
  int timeouts_run = 0;
};

// ---- the node's start and its messages ----

TEST(DetectorTable, Start_SetsInitialTimeoutAnnouncesHighestIdAndSendsNothing) {
  Detector d(2, 4);
  ASSERT_TRUE(d.boot());  // Trust(leader=4), one Timeout of kInitialDelay, no sends
  ASSERT_EQ(d.table.driver().timers().size(), 1u);
  EXPECT_EQ(d.table.driver().timers().begin()->second.due, kInitialDelay);
}

TEST(DetectorTable, Timeout_SendsOneHeartbeatRequestToEveryNodeIncludingItself) {
  Detector d(1, 3);
  ASSERT_TRUE(d.boot());
  d.table.run({{.what = "the first timeout",
                .input = Table::FireTimer{},
                .sends = Table::to_all(3, HeartbeatRequest{}),
                .only_these_sends = true}});
  EXPECT_EQ(d.table.driver().now(), kInitialDelay)
      << "the first timeout is due kInitialDelay after start";
}

TEST(DetectorTable, Request_IsAnsweredWithOneReplyToItsSender) {
  Detector d(2, 3);
  ASSERT_TRUE(d.boot());
  for (NodeId from : {3, 2}) {
    d.table.run({{.what = "a request from n" + std::to_string(from),
                  .input = Table::from(from, HeartbeatRequest{}),
                  .sends = {Table::to(from, HeartbeatReply{})},
                  .only_these_sends = true,
                  .outputs = std::vector<Output>{},
                  .timers = std::vector<Duration>{}}});
  }
}

// ---- the timeout procedure: sets before/after, notifications, delay ----

TEST(DetectorTable, Timeout_FirstTimeoutSuspectsNobodyBecauseEveryNodeStartsAlive) {
  Detector d(1, 3);
  ASSERT_TRUE(d.boot());
  d.timeouts({{}});
}

TEST(DetectorTable, Timeout_NodeWhoseReplyDidNotArriveIsSuspected) {
  Detector d(1, 3);
  ASSERT_TRUE(d.boot());
  d.timeouts({{},                                               // alive = all: nothing changes
              {.replies = {1, 3}, .outputs = {Suspect{2}}}});   // n2 did not answer
}

TEST(DetectorTable, Timeout_ANodeIsAliveOnlyWhenItsOwnReplyArrives) {
  Detector d(1, 3);
  ASSERT_TRUE(d.boot());
  // Replies are counted per sender: two replies from n3 do not make n2 alive, and a node's
  // own reply is needed for it to stay unsuspected.
  d.timeouts({{}, {.replies = {3, 3, 2}, .outputs = {Suspect{1}}}});
}

TEST(DetectorTable, Timeout_AliveIsClearedAfterEachTimeout) {
  Detector d(1, 3);
  ASSERT_TRUE(d.boot());
  d.timeouts({{},
              {.replies = {1, 2, 3}},                           // everyone answered
              {.replies = {1, 3}, .outputs = {Suspect{2}}}});   // n2's earlier reply is used up
}

TEST(DetectorTable, Timeout_SuspectedNodeHeardFromIsRestoredAndDelayGrowsByDelta) {
  Detector d(1, 3);
  ASSERT_TRUE(d.boot());
  d.timeouts({{},
              {.replies = {1, 3}, .outputs = {Suspect{2}}},
              {.replies = {1, 2, 3}, .outputs = {Restore{2}}, .next_delay = kInitialDelay + kDelta}});
}

TEST(DetectorTable, Timeout_DelayGrowsOncePerTimeoutWhateverTheNumberOfRestores) {
  Detector d(1, 4);
  ASSERT_TRUE(d.boot());
  d.timeouts({{},
              {.replies = {1}, .outputs = {Suspect{2}, Suspect{3}, Suspect{4}, Trust{1}}},
              {.replies = {1, 2, 4},
               .outputs = {Restore{2}, Restore{4}, Trust{4}},
               .next_delay = kInitialDelay + kDelta}});
}

TEST(DetectorTable, Timeout_DelayStaysAfterGrowthAndStillSuspectedNodeIsNotAnnouncedAgain) {
  Detector d(1, 3);
  ASSERT_TRUE(d.boot());
  const Duration grown = kInitialDelay + kDelta;
  d.timeouts({{},
              {.replies = {1, 3}, .outputs = {Suspect{2}}},
              {.replies = {1, 3}},  // n2 still silent: no news
              {.replies = {1, 2, 3}, .outputs = {Restore{2}}, .next_delay = grown},  // false suspicion
              {.replies = {1, 2, 3}, .next_delay = grown},  // stays grown, no shrinking
              {.replies = {1, 2}, .outputs = {Suspect{3}, Trust{2}}, .next_delay = grown},
              {.replies = {1, 2, 3},
               .outputs = {Restore{3}, Trust{3}},
               .next_delay = kInitialDelay + 2 * kDelta}});
}

// ---- the leader rule ----

TEST(DetectorTable, Leader_SuspectingTheLeaderMovesToTheNextHighestId) {
  Detector d(1, 3);
  ASSERT_TRUE(d.boot());
  d.timeouts({{}, {.replies = {1, 2}, .outputs = {Suspect{3}, Trust{2}}}});
}

TEST(DetectorTable, Leader_NotifiedOnlyWhenItChanges) {
  Detector d(3, 3);
  ASSERT_TRUE(d.boot());
  d.timeouts({{},
              {.replies = {2, 3}, .outputs = {Suspect{1}}},  // the leader n3 is still trusted
              {.replies = {3}, .outputs = {Suspect{2}}},
              {.replies = {1, 2, 3},
               .outputs = {Restore{1}, Restore{2}},
               .next_delay = kInitialDelay + kDelta}});
}

TEST(DetectorTable, Leader_UnknownWhenEveryNodeIsSuspected) {
  Detector d(2, 2);
  ASSERT_TRUE(d.boot());
  d.timeouts({{},
              {.outputs = {Suspect{1}, Suspect{2}, Trust{kUnknownLeader}}},
              {.replies = {1}, .outputs = {Restore{1}, Trust{1}}, .next_delay = kInitialDelay + kDelta}});
}

TEST(DetectorTable, Leader_RestoredHigherNodeTakesLeadershipBack) {
  Detector d(1, 4);
  ASSERT_TRUE(d.boot());
  d.timeouts({{},
              {.replies = {1, 2}, .outputs = {Suspect{3}, Suspect{4}, Trust{2}}},
              {.replies = {1, 2, 3}, .outputs = {Restore{3}, Trust{3}}, .next_delay = kInitialDelay + kDelta},
              {.replies = {1, 2, 3, 4},
               .outputs = {Restore{4}, Trust{4}},
               .next_delay = kInitialDelay + 2 * kDelta}});
}

// ---- crash and restart ----

TEST(DetectorTable, Restart_StartsFreshWithInitialDelayAndNoSuspicion) {
  Detector d(1, 3);
  ASSERT_TRUE(d.boot());
  ASSERT_TRUE(d.timeouts({{},
                          {.replies = {1}, .outputs = {Suspect{2}, Suspect{3}, Trust{1}}},
                          {.replies = {1, 2, 3},
                           .outputs = {Restore{2}, Restore{3}, Trust{3}},
                           .next_delay = kInitialDelay + kDelta}}));
  // A restarted node announces anew and its delay starts over.
  ASSERT_TRUE(d.table.run({{.what = "crash and restart",
                            .input = Table::Restart{},
                            .outputs = std::vector<Output>{Trust{3}},
                            .timers = std::vector<Duration>{kInitialDelay}}}));
  // Fresh state: everyone alive at the first timeout again.
  d.timeouts({{}, {.replies = {1, 3}, .outputs = {Suspect{2}}}});
}

}  // namespace
}  // namespace lab2
