// Tests of the table runner on the ping node: rows that hold pass; a row that does not is
// reported in the first line of the failure by its number, its description, what it expected
// and what happened, and the rows after it do not run.
#include "runtime/testing/table.hpp"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "runtime/engine/inprocess.hpp"
#include "runtime/examples/ping/ping.hpp"

namespace dslab::labkit {
namespace {
using examples::ping::Ping;
using examples::ping::PingNode;
using examples::ping::Pong;
using examples::ping::RoundTrip;
using PingTable = Table<examples::ping::Protocol>;
using Row = PingTable::Row;

PingTable table(Boot boot = Boot::kStarted) {
  return PingTable(std::make_unique<engine::InProcessEngine<PingNode>>(), 1, 3, boot);
}

TEST(Table, RowsThatHoldPass) {
  auto t = table(Boot::kNotStarted);
  EXPECT_TRUE(t.run({
      {.what = "start pings every peer",
       .input = PingTable::Start{},
       .sends = {PingTable::to(2, Ping{1}), PingTable::to(3, Ping{1})},
       .only_these_sends = true,
       .outputs = std::vector<PingTable::Output>{},
       .timers = std::vector<Duration>{examples::ping::kTick}},
      {.what = "a ping is answered",
       .input = PingTable::from(3, Ping{41}),
       .sends = {PingTable::to(3, Pong{41})},
       .only_these_sends = true,
       .no_kinds = PingTable::kinds<Ping>()},
      {.what = "the matching pong is a round trip",
       .quietly = {PingTable::from(3, Pong{7})},  // stale: nothing happens
       .input = PingTable::from(2, Pong{1}),
       .sends = {PingTable::to(2, Ping{2})},
       .outputs = std::vector<PingTable::Output>{RoundTrip{2, 1}}},
      {.what = "the tick restarts the chain to n3", .input = PingTable::FireTimer{},
       .sends = {PingTable::to(3, Ping{2})}, .only_these_sends = true},
      {.what = "crash and restart pings again", .input = PingTable::Restart{},
       .sends = {PingTable::to(2, Ping{1}), PingTable::to(3, Ping{1})}},
  }));
}

// The message of the one failure `rows` produces.
std::string failure_of(const std::vector<Row>& rows) {
  ::testing::TestPartResultArray results;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
    auto t = table();
    EXPECT_FALSE(t.run(rows));
  }
  if (results.size() != 1) return "expected exactly one failure, got " + std::to_string(results.size());
  return results.GetTestPartResult(0).message();
}

TEST(Table, AMissingSendNamesTheRowWhatWasExpectedAndWhatWasSent) {
  const std::string m = failure_of({
      {.what = "ping answered", .input = PingTable::from(2, Ping{5}),
       .sends = {PingTable::to(2, Pong{5})}},
      {.what = "client value", .input = PingTable::from(3, Pong{99}),
       .sends = {PingTable::to(1, Ping{1})}},
      {.what = "never runs", .input = PingTable::from(3, Pong{99}),
       .sends = {PingTable::to(1, Ping{1})}},
  });
  EXPECT_EQ(m.substr(0, m.find('\n')),
            "row 2 (client value): expected a send to n1 of Ping(seq=1); sent: (none)");
  EXPECT_NE(m.find("the rows after it were not run"), std::string::npos) << m;
}

TEST(Table, EveryKindOfExpectationIsReported) {
  EXPECT_EQ(failure_of({{.what = "w", .input = PingTable::from(2, Ping{5}),
                         .no_kinds = PingTable::kinds<Pong>()}})
                .substr(0, 45),
            "row 1 (w): must not send Pong(seq=5) (sent to");
  EXPECT_NE(failure_of({{.what = "w", .input = PingTable::from(2, Ping{5}),
                         .only_these_sends = true}})
                .find("row 1 (w): unexpected send to n2 of Pong(seq=5)"),
            std::string::npos);
  EXPECT_NE(failure_of({{.what = "w", .input = PingTable::from(2, Pong{1}),
                         .outputs = std::vector<PingTable::Output>{}}})
                .find("row 1 (w): expected output (none); output: RoundTrip("),
            std::string::npos);
  EXPECT_NE(failure_of({{.what = "w", .input = PingTable::from(2, Ping{1}),
                         .timers = std::vector<Duration>{msec(5)}}})
                .find("row 1 (w): expected timers set with delays 5.000ms; set: (none)"),
            std::string::npos);
  EXPECT_NE(failure_of({{.what = "w", .input = PingTable::from(2, Ping{1}),
                         .writes_storage = true}})
                .find("stable-storage write"),
            std::string::npos);
  EXPECT_NE(failure_of({{.what = "w", .quietly = {PingTable::from(2, Ping{1})},
                         .input = PingTable::from(2, Ping{1})}})
                .find("row 1 (w): the Ping(seq=1) from n2 (delivered before the input) must "
                      "send, output and set nothing; sent: n2 Pong(seq=1)"),
            std::string::npos);
}

}  // namespace
}  // namespace dslab::labkit
