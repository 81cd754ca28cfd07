// Tests of time zones (fixed offsets, IANA zones, DST gaps/overlaps) and ISO 8601 instants.
#include "grader/manifest/time_zone.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace dslab::manifest {
namespace {

using namespace std::chrono;

local_seconds local(int y, unsigned mo, unsigned d, int h, int mi) {
  return local_days{year{y} / month{mo} / day{d}} + hours(h) + minutes(mi);
}

TEST(Instant, ParsesOffsetsAndFormatsInUtc) {
  EXPECT_EQ(format_utc(parse_instant("2026-03-01T12:00:00+01:00")), "2026-03-01T11:00:00Z");
  EXPECT_EQ(format_utc(parse_instant("2026-03-01T23:30:00-05:30")), "2026-03-02T05:00:00Z");
  EXPECT_EQ(format_utc(parse_instant("2026-03-01 12:00:00.999Z")), "2026-03-01T12:00:00Z");
  EXPECT_EQ(parse_instant("1970-01-01T00:00:01Z").time_since_epoch().count(), 1);
}

TEST(Instant, RejectsMissingOffsetAndGarbage) {
  EXPECT_THROW(parse_instant("2026-03-01T12:00:00"), std::invalid_argument);
  EXPECT_THROW(parse_instant("yesterday"), std::invalid_argument);
  EXPECT_THROW(parse_instant("2026-02-30T12:00:00Z"), std::invalid_argument);
  EXPECT_THROW(parse_instant("2026-03-01T25:00:00Z"), std::invalid_argument);
  EXPECT_THROW(parse_instant("2026-03-01T12:00:00+1:00"), std::invalid_argument);
}

TEST(TimeZone, FixedOffsetConvertsBothWays) {
  const TimeZone tz = TimeZone::load("+05:30");
  EXPECT_EQ(tz.name(), "+05:30");
  EXPECT_EQ(format_utc(tz.to_utc(local(2026, 3, 1, 12, 0))), "2026-03-01T06:30:00Z");
  EXPECT_EQ(tz.offset_at(parse_instant("2030-01-01T00:00:00Z")), seconds(19800));
}

TEST(TimeZone, IanaZoneFollowsDaylightSaving) {
  const TimeZone zurich = TimeZone::load("Europe/Zurich");
  EXPECT_EQ(format_utc(zurich.to_utc(local(2026, 1, 15, 23, 59))), "2026-01-15T22:59:00Z");
  EXPECT_EQ(format_utc(zurich.to_utc(local(2026, 7, 15, 23, 59))), "2026-07-15T21:59:00Z");
  const TimeZone ny = TimeZone::load("America/New_York");
  EXPECT_EQ(format_utc(ny.to_utc(local(2026, 3, 8, 1, 59))), "2026-03-08T06:59:00Z");
  EXPECT_EQ(format_utc(ny.to_utc(local(2026, 3, 8, 3, 0))), "2026-03-08T07:00:00Z");
}

TEST(TimeZone, NonexistentAndAmbiguousLocalTimesAreRejected) {
  const TimeZone zurich = TimeZone::load("Europe/Zurich");
  EXPECT_THROW(zurich.to_utc(local(2026, 3, 29, 2, 30)), std::invalid_argument);   // gap
  EXPECT_THROW(zurich.to_utc(local(2026, 10, 25, 2, 30)), std::invalid_argument);  // overlap
}

TEST(TimeZone, UnknownOrHostileNamesAreRejected) {
  EXPECT_THROW(TimeZone::load("Mars/Olympus_Mons"), std::invalid_argument);
  EXPECT_THROW(TimeZone::load("../../etc/passwd"), std::invalid_argument);
  EXPECT_THROW(TimeZone::load("Europe/Zurich", "/nonexistent"), std::invalid_argument);
  EXPECT_THROW(TimeZone::load("+25:00"), std::invalid_argument);
}

TEST(TimeZone, PastTheTableOfADstZoneIsRejectedNotGuessed) {
  const TimeZone zurich = TimeZone::load("Europe/Zurich");
  EXPECT_THROW(zurich.offset_at(parse_instant("2100-01-01T00:00:00Z")), std::out_of_range);
  EXPECT_EQ(TimeZone::load("Asia/Tokyo").offset_at(parse_instant("2100-01-01T00:00:00Z")), hours(9));
}

}  // namespace
}  // namespace dslab::manifest
