// The runtime's leader detector: the highest id heard from within the timeout leads.
#include "runtime/net/leader_detector.hpp"

#include <gtest/gtest.h>

namespace dslab::net {
namespace {

const std::vector<NodeId> kIds = {1, 2, 3};
const LeaderDetectorOptions kOptions{.heartbeat_period = msec(50), .timeout = msec(300)};

TEST(LeaderDetector, EveryNodeStartsTrustedSoTheHighestIdLeadsAndIsReportedOnce) {
  LeaderDetector d(1, kIds, 0, kOptions);
  EXPECT_EQ(d.changed(0), std::optional<NodeId>(3));
  EXPECT_EQ(d.changed(msec(10)), std::nullopt);
}

TEST(LeaderDetector, ASilentLeaderIsReplacedAfterTheTimeoutAndTakesOverAgainWhenHeard) {
  LeaderDetector d(1, kIds, 0, kOptions);
  d.changed(0);
  d.heard(2, msec(250));
  EXPECT_EQ(d.changed(msec(300)), std::nullopt);          // 3 heard at 0: exactly the timeout
  EXPECT_EQ(d.changed(msec(301)), std::optional<NodeId>(2));
  EXPECT_EQ(d.changed(msec(600)), std::optional<NodeId>(1));  // 2 silent since 250 ms
  d.heard(3, msec(700));
  EXPECT_EQ(d.changed(msec(700)), std::optional<NodeId>(3));
}

TEST(LeaderDetector, HeartbeatsAreDueOncePerPeriod) {
  LeaderDetector d(2, kIds, 0, kOptions);
  EXPECT_TRUE(d.heartbeat_due(0));
  EXPECT_FALSE(d.heartbeat_due(msec(49)));
  EXPECT_TRUE(d.heartbeat_due(msec(50)));
  EXPECT_EQ(d.next_deadline(msec(50)), msec(100));
}

TEST(LeaderDetector, StrangersAreIgnored) {
  LeaderDetector d(1, kIds, 0, kOptions);
  d.heard(9, msec(1000));
  EXPECT_EQ(d.leader(msec(1000)), 1);
}

}  // namespace
}  // namespace dslab::net
