// Tests of the failure excerpt: which events it keeps, the counts of the rest, its width.
#include "runtime/trace/excerpt.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace dslab::trace {
namespace {

// 60 healthy heartbeats between n1 and n2 (a send and a delivery each), with an early exchange
// n3 -> n4 of a Prepare after the first 10, then a violation.
std::vector<Event> heartbeats_with_an_early_prepare() {
  Recorder r;
  Time t = 0;
  for (int i = 0; i < 60; ++i) {
    if (i == 10) {
      r.record(t, Kind::kSend, 3, 4, 1, "Prepare(round=7)", "delay 1.000ms");
      r.record(t + 1000, Kind::kDeliver, 4, 3, 1, "Prepare(round=7)");
      r.record(t + 1000, Kind::kOutput, 4, 0, 2, "Promised(round=7)");
    }
    r.record(t, Kind::kSend, 1, 2, 3, "Heartbeat(seq=" + std::to_string(i) + ")", "delay 1.000ms");
    r.record(t + 1000, Kind::kDeliver, 2, 1, 3, "Heartbeat(seq=" + std::to_string(i) + ")");
    t += 10000;
  }
  r.record(t, Kind::kViolation, 0, 0, 4, "safety", "n4 promised round 7 twice");
  return r.events();
}

std::size_t shown_plus_left_out(const Excerpt& x) {
  std::size_t n = x.events.size() + x.after;
  for (const auto skipped : x.left_out) n += skipped;
  return n;
}

bool has(const Excerpt& x, const std::string& what) {
  for (const auto& e : x.events) {
    if (e.what == what) return true;
  }
  return false;
}

TEST(Excerpt, KeepsTheNamedNodesEventsAndTheLastFewAndCountsEveryEventLeftOut) {
  const auto events = heartbeats_with_an_early_prepare();
  const Excerpt x = select_excerpt(events, failure_index(events), {.nodes = {4}, .recent = 4});
  EXPECT_TRUE(has(x, "Prepare(round=7)"));   // sent to n4 and delivered at n4
  EXPECT_TRUE(has(x, "Promised(round=7)"));  // n4's output
  EXPECT_EQ(x.events.back().kind, Kind::kViolation);
  // The 4 events before the violation, whatever they are, and the three of n4: 8 with it.
  EXPECT_EQ(x.events.size(), 8u);
  EXPECT_EQ(shown_plus_left_out(x), events.size());
  EXPECT_EQ(x.left_out.front(), 20u);  // the 10 heartbeats before the Prepare
  EXPECT_EQ(x.after, 0u);
}

TEST(Excerpt, WithoutNamedNodesFocusesOnTheNodesOfTheEventBeforeTheViolation) {
  Recorder r;
  r.record(0, Kind::kSend, 3, 1, 1, "Vote(round=1)");
  for (int i = 0; i < 30; ++i) r.record(100 + i, Kind::kTimer, 2, 0, 2, "Tick()");
  r.record(200, Kind::kDeliver, 1, 3, 1, "Vote(round=1)");
  r.record(200, Kind::kViolation, 0, 0, 3, "safety", "n1 counted a vote twice");
  const auto& events = r.events();
  const Excerpt x = select_excerpt(events, failure_index(events), {.recent = 2});
  EXPECT_EQ(x.focus, (std::vector<NodeId>{1, 3}));
  EXPECT_EQ(x.events.front().what, "Vote(round=1)");  // n3's send, long before
  EXPECT_EQ(x.events.size(), 4u);  // the send, one Tick, the delivery, the violation
  EXPECT_EQ(shown_plus_left_out(x), events.size());
}

TEST(Excerpt, KeepsFaultsAndTheNamedMessageTypesOfAnyNode) {
  Recorder r;
  r.record(0, Kind::kCrash, 5, 0, 1, "");
  for (int i = 0; i < 20; ++i) r.record(10 + i, Kind::kSend, 1, 2, 2, "Ping()");
  r.record(50, Kind::kSend, 2, 3, 3, "Accept(round=2)");
  for (int i = 0; i < 20; ++i) r.record(60 + i, Kind::kSend, 1, 2, 2, "Ping()");
  r.record(90, Kind::kViolation, 0, 0, 4, "safety", "two values chosen");
  const auto& events = r.events();
  const Excerpt x = select_excerpt(events, failure_index(events),
                                   {.nodes = {4}, .messages = {"Accept"}, .recent = 1});
  ASSERT_EQ(x.events.size(), 4u);
  EXPECT_EQ(x.events[0].kind, Kind::kCrash);
  EXPECT_EQ(x.events[1].what, "Accept(round=2)");
  EXPECT_EQ(x.left_out[1], 20u);
  EXPECT_EQ(x.left_out[2], 19u);
}

TEST(Excerpt, OverBudgetShowsTheLatestEventsAndCountsTheEventsAfterTheFailure) {
  Recorder r;
  for (int i = 0; i < 50; ++i) r.record(i, Kind::kTimer, 1, 0, 1, "Tick()");
  r.record(50, Kind::kViolation, 0, 0, 2, "safety", "bad");
  for (int i = 0; i < 3; ++i) r.record(51 + i, Kind::kTimer, 1, 0, 1, "Tick()");
  const auto& events = r.events();
  const Excerpt x = select_excerpt(events, failure_index(events), {.nodes = {1}, .budget = 10});
  ASSERT_EQ(x.events.size(), 10u);
  EXPECT_EQ(x.events.back().kind, Kind::kViolation);
  EXPECT_EQ(x.left_out.front(), 41u);
  EXPECT_EQ(x.after, 3u);
}

TEST(Excerpt, OverBudgetAFocusNodesEarlierTimeoutOutlastsItsLaterMessages) {
  Recorder r;
  r.record(0, Kind::kTimer, 3, 0, 1, "Timeout()");
  r.record(0, Kind::kOutput, 3, 0, 2, "Suspect(node=2)");
  for (int i = 0; i < 40; ++i) r.record(10 + i, Kind::kSend, 3, 1 + i % 2, 3, "Ping()");
  r.record(60, Kind::kViolation, 0, 0, 4, "safety", "n3 grew its delay");
  const auto& events = r.events();
  const Excerpt x =
      select_excerpt(events, failure_index(events), {.nodes = {3}, .recent = 2, .budget = 6});
  ASSERT_EQ(x.events.size(), 6u);
  EXPECT_EQ(x.events[0].what, "Timeout()");
  EXPECT_EQ(x.events[1].what, "Suspect(node=2)");
  EXPECT_EQ(x.left_out[2], 37u);  // the Pings but the last three
  EXPECT_EQ(x.events.back().kind, Kind::kViolation);
  EXPECT_EQ(shown_plus_left_out(x), events.size());
}

TEST(Excerpt, ALivenessFailureAfterTheRunEndsWithTheLastEvents) {
  Recorder r;
  for (int i = 0; i < 40; ++i) r.record(i, Kind::kTimer, 1 + i % 3, 0, 1, "Tick()");
  const auto& events = r.events();
  EXPECT_EQ(failure_index(events), events.size());
  const Excerpt x = select_excerpt(events, events.size(), {.nodes = {2}, .recent = 3});
  EXPECT_EQ(x.events.back().index, 39u);
  EXPECT_EQ(x.after, 0u);
  EXPECT_EQ(shown_plus_left_out(x), events.size());
}

TEST(Excerpt, RenderingFitsHundredColumnsForFiveNodesAndSaysWhatWasLeftOut) {
  Recorder r;
  const std::string body = "Accept(round=12, value=\"a long value that needs a second line\")";
  for (int i = 0; i < 30; ++i) r.record(i * 1000, Kind::kSend, 1, 5, 1, body, "delay 12.345ms");
  for (int i = 0; i < 30; ++i) r.record(40000 + i, Kind::kTimer, 2, 0, 2, "Tick()");
  r.record(90000, Kind::kDeliver, 5, 1, 1, body);
  r.record(90000, Kind::kViolation, 0, 0, 3, "safety", "n5 accepted below its promise");
  const std::string text = failure_excerpt(r.events(), 5, false, {.recent = 2, .budget = 6});
  std::istringstream lines(text);
  int left_out_lines = 0;
  for (std::string line; std::getline(lines, line);) {
    int columns = 0;
    for (const char c : line) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    EXPECT_LE(columns, 100) << line;
    if (line.find("events left out") != std::string::npos) ++left_out_lines;
  }
  EXPECT_NE(text.find("trace excerpt: 6 of 62 events (those of n1, n5,"), std::string::npos) << text;
  EXPECT_NE(text.find("… 27 events left out"), std::string::npos) << text;
  EXPECT_EQ(left_out_lines, 2) << text;
  EXPECT_NE(text.find("n4       n5"), std::string::npos) << text;  // every node a column
}

TEST(Excerpt, AShortTraceIsShownWholeWithoutPointingToTheReplay) {
  Recorder r;
  r.record(0, Kind::kStart, 1, 0, 1, "start");
  r.record(0, Kind::kViolation, 0, 0, 2, "safety", "no timer set");
  const std::string text = failure_excerpt(r.events(), 3, false);
  EXPECT_NE(text.find("trace excerpt: 2 of 2 events"), std::string::npos) << text;
  EXPECT_EQ(text.find("left out"), std::string::npos) << text;
  EXPECT_EQ(text.find("the replay shows"), std::string::npos) << text;
}

TEST(Excerpt, AReplayShowsTheWholeTrace) {
  Recorder r;
  for (int i = 0; i < 50; ++i) r.record(i, Kind::kTimer, 1, 0, 1, "Tick()");
  const std::string text = failure_excerpt(r.events(), 3, true);
  EXPECT_NE(text.find("trace (all 50 events)"), std::string::npos);
  EXPECT_EQ(text.find("left out"), std::string::npos);
}

}  // namespace
}  // namespace dslab::trace
