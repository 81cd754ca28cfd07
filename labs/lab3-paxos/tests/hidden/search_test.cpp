// Lab 3 hidden tests, model checking (runtime/mc): every interleaving of the messages of two
// competing proposers on 3 nodes, to a stated depth, with agreement, validity and exactly-once
// checked in every reachable state (the ConsensusChecker's judgement, checks::Decisions); a
// goal search that a decision is reachable; and seeded random walks past the BFS depth with a
// duplicate and a crash/restart. Runs through the lab engine (the node host when graded).
#include <gtest/gtest.h>

#include "labs/lab3-paxos/tests/hidden/search.hpp"

namespace lab3::checks {
namespace {

namespace mc = dslab::mc;

// A node that does nothing breaks no safety property: every search test also needs a decision
// to be reachable (so the skeleton passes none of them).
TEST(Search, AgreementInEveryStateOfTwoCompetingProposers) {
  auto engine = dslab::labkit::make_lab_engine<Protocol>();
  mc::Explorer<Protocol> explorer(*engine, search::competing_proposers({}, {}));
  const auto progress = mc::bfs(explorer, {search::consensus()}, {search::some_node_decided()},
                                search::kGoalBounds);
  ASSERT_TRUE(mc::expect_goal(explorer, progress,
                              {.property = "some node decided",
                               .search = search::kGoalSearch,
                               .goal = "some node decided"}));
  const auto result = mc::bfs(explorer, {search::consensus()}, {}, search::kSafetyBounds);
  EXPECT_TRUE(mc::expect_safe(explorer, result,
                              {.property = search::kSafetyProperty, .search = search::kSafetySearch}));
  // The bound is the depth, not the state budget: every state to that depth was checked.
  EXPECT_EQ(result.verdict, mc::Verdict::kExhausted) << result.summary();
}

TEST(Search, DecisionIsReachable) {
  auto engine = dslab::labkit::make_lab_engine<Protocol>();
  mc::Explorer<Protocol> explorer(*engine, search::competing_proposers({}, {}));
  const auto result =
      mc::bfs(explorer, {search::consensus()}, {search::some_node_decided()}, search::kGoalBounds);
  EXPECT_TRUE(mc::expect_goal(explorer, result,
                              {.property = "some node decided",
                               .search = search::kGoalSearch,
                               .goal = "some node decided"}));
}

TEST(Search, RandomWalksWithADuplicateAndACrashKeepAgreement) {
  auto engine = dslab::labkit::make_lab_engine<Protocol>();
  mc::Explorer<Protocol> explorer(
      *engine, search::competing_proposers({.duplicates = 1, .crashes = 1}, {.max_copies = 2}));
  const auto result =
      mc::probe(explorer, {search::consensus()}, {search::some_node_decided()}, search::kProbes);
  // No violation on any walk, and some walk reached a decision.
  EXPECT_TRUE(mc::expect_goal(explorer, result,
                              {.property = search::kProbeProperty,
                               .search = search::kProbeSearch,
                               .goal = "some node decided"}));
}

}  // namespace
}  // namespace lab3::checks
