// Tests of slip-day arithmetic: deadline edges to the second, offsets and zones, grace, weekends.
#include "grader/ledger/slip.hpp"

#include <gtest/gtest.h>

namespace dslab::ledger {
namespace {

using manifest::parse_instant;

manifest::SlipPolicy policy(int grace_minutes = 0, bool calendar = true) {
  manifest::SlipPolicy p;
  p.grace_minutes = grace_minutes;
  p.calendar_days = calendar;
  return p;
}

int late(const char* deadline, const char* submitted, manifest::SlipPolicy p = policy(),
         const manifest::TimeZone& tz = manifest::TimeZone()) {
  return days_late(parse_instant(deadline), parse_instant(submitted), p, tz);
}

TEST(DaysLate, OnTimeOrEarlyIsZero) {
  EXPECT_EQ(late("2026-03-06T23:59:00Z", "2026-03-06T23:59:00Z"), 0);
  EXPECT_EQ(late("2026-03-06T23:59:00Z", "2026-03-01T00:00:00Z"), 0);
}

TEST(DaysLate, OneSecondLateIsOneDay) {
  EXPECT_EQ(late("2026-03-06T23:59:00Z", "2026-03-06T23:59:01Z"), 1);
}

TEST(DaysLate, WholeDaysRoundUpAtTheSecond) {
  EXPECT_EQ(late("2026-03-06T23:59:00Z", "2026-03-07T23:59:00Z"), 1);  // exactly 24 h
  EXPECT_EQ(late("2026-03-06T23:59:00Z", "2026-03-07T23:59:01Z"), 2);
  EXPECT_EQ(late("2026-03-06T23:59:00Z", "2026-03-11T23:59:00Z"), 5);
  EXPECT_EQ(late("2026-03-06T23:59:00Z", "2026-03-11T23:59:01Z"), 6);
}

TEST(DaysLate, OffsetsAreAbsoluteInstants) {
  // 23:59 in Zurich (+01:00) is 22:59Z; a push at 23:30Z is 31 minutes late.
  EXPECT_EQ(late("2026-03-06T23:59:00+01:00", "2026-03-06T23:30:00Z"), 1);
  // The same wall-clock instant written in two offsets is on time.
  EXPECT_EQ(late("2026-03-06T23:59:00+01:00", "2026-03-06T17:59:00-05:00"), 0);
  EXPECT_EQ(late("2026-03-06T23:59:00-05:00", "2026-03-07T04:59:00Z"), 0);
  EXPECT_EQ(late("2026-03-06T23:59:00-05:00", "2026-03-07T04:59:01Z"), 1);
}

TEST(DaysLate, GraceForgivesThenCountsFromItsEnd) {
  const auto p = policy(15);
  EXPECT_EQ(late("2026-03-06T23:59:00Z", "2026-03-07T00:14:00Z", p), 0);
  EXPECT_EQ(late("2026-03-06T23:59:00Z", "2026-03-07T00:14:01Z", p), 1);
  EXPECT_EQ(late("2026-03-06T23:59:00Z", "2026-03-08T00:14:00Z", p), 1);
  EXPECT_EQ(late("2026-03-06T23:59:00Z", "2026-03-08T00:14:01Z", p), 2);
}

TEST(DaysLate, BusinessDaysSkipWeekendsInTheCourseZone) {
  const auto p = policy(0, false);
  const auto zurich = manifest::TimeZone::load("Europe/Zurich");
  // Friday 2026-03-06 23:59 Zurich. Saturday and Sunday are free; Monday counts.
  EXPECT_EQ(late("2026-03-06T23:59:00+01:00", "2026-03-07T12:00:00+01:00", p, zurich), 0);
  EXPECT_EQ(late("2026-03-06T23:59:00+01:00", "2026-03-08T23:00:00+01:00", p, zurich), 0);
  EXPECT_EQ(late("2026-03-06T23:59:00+01:00", "2026-03-09T10:00:00+01:00", p, zurich), 1);
  // The same with calendar days: 3 days.
  EXPECT_EQ(late("2026-03-06T23:59:00+01:00", "2026-03-09T10:00:00+01:00", policy(), zurich), 3);
}

TEST(Charge, FreeBudgetFirstThenPenalty) {
  const SlipCharge c = charge(5, 3, 5);  // the brief's example
  EXPECT_EQ(c.free_days, 3);
  EXPECT_EQ(c.penalty_days, 2);
  EXPECT_EQ(c.penalty, 10);
  EXPECT_EQ(charge(2, 5, 5).penalty, 0);
  EXPECT_EQ(charge(2, 5, 5).free_days, 2);
  EXPECT_EQ(charge(4, 0, 5).penalty, 20);
  EXPECT_EQ(charge(0, 0, 5).penalty, 0);
}

}  // namespace
}  // namespace dslab::ledger
