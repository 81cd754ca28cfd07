// Tests of the dslab-limit status line: round trip and rejection of malformed lines.
#include "grader/sandbox/status.hpp"

#include <gtest/gtest.h>

namespace dslab::sandbox {
namespace {

TEST(Status, FormatThenParse_RoundTripsEveryField) {
  LimitStatus in;
  in.exit_code = -1;
  in.signal = 24;
  in.timed_out = true;
  in.cpu_us = 1234567;
  in.max_rss_kb = 4096;
  std::optional<LimitStatus> out = parse_status(format_status(in));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->exit_code, -1);
  EXPECT_EQ(out->signal, 24);
  EXPECT_TRUE(out->timed_out);
  EXPECT_EQ(out->cpu_us, 1234567U);
  EXPECT_EQ(out->max_rss_kb, 4096U);
  EXPECT_TRUE(out->error.empty());
}

TEST(Status, ErrorLine_KeepsMessageOnOneLine) {
  LimitStatus in;
  in.error = "exec /x: No such file\nsecond line";
  std::string line = format_status(in);
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  std::optional<LimitStatus> out = parse_status(line);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->error, "exec /x: No such file second line");
}

TEST(Status, MalformedLines_AreRejected) {
  EXPECT_FALSE(parse_status("").has_value());
  EXPECT_FALSE(parse_status("exit=0").has_value());
  EXPECT_FALSE(parse_status("exit=0 signal=0 timed_out=2 cpu_us=1 max_rss_kb=1").has_value());
  EXPECT_FALSE(parse_status("exit=x signal=0 timed_out=0 cpu_us=1 max_rss_kb=1").has_value());
  EXPECT_FALSE(parse_status("exit=0 signal=0 timed_out=0 cpu_us=1 bogus=1").has_value());
}

}  // namespace
}  // namespace dslab::sandbox
