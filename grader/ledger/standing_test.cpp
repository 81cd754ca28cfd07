// Tests of standings: the counted submission, the running budget, groups, penalties, grade parts.
#include "grader/ledger/standing.hpp"

#include <gtest/gtest.h>

#include "grader/ledger/standing_render.hpp"

namespace dslab::ledger {
namespace {

using manifest::parse_instant;

const char* const kCourse = R"([course]
name = "DS"
[[labs]]
id = "lab1"
deadline = 2026-03-01T23:59:00Z
[[labs]]
id = "lab2"
deadline = 2026-04-01T23:59:00Z
[[labs]]
id = "lab3"
deadline = 2026-05-01T23:59:00Z
[roster]
students = [{ id = "ann", name = "Ann" }, { id = "bob", name = "Bob" }, { id = "cat", name = "Cat" }]
[roster.groups.lab2]
g1 = ["ann", "bob"]
g2 = ["cat"]
)";

manifest::Course course() { return manifest::parse_course(kCourse, "course.toml"); }

manifest::Course course_with_latest_policy() {
  return manifest::parse_course(std::string(kCourse) + "[grading]\nlate_submissions = \"latest\"\n", "course.toml");
}

Submission sub(const char* at, double score, const char* digest = "d", bool late_request = false) {
  Submission s;
  s.submitted_at = parse_instant(at);
  s.score = score;
  s.report_digest = digest;
  s.late_request = late_request;
  return s;
}

TEST(Standing, LatePolicyLatest_LatestSubmissionCounts) {
  const auto c = course_with_latest_policy();
  Ledger l;
  record_submission(l, c, "lab1", "ann", sub("2026-03-01T10:00:00Z", 90, "a"));
  record_submission(l, c, "lab1", "ann", sub("2026-03-03T10:00:00Z", 70, "b"));  // 2 days late
  record_submission(l, c, "lab1", "ann", sub("2026-02-28T10:00:00Z", 100, "c"));  // recorded last, earlier
  const auto s = compute_standing(c, l, "ann");
  EXPECT_EQ(s.labs[0].counted, 1U);
  EXPECT_EQ(s.labs[0].score, 70);
  EXPECT_EQ(s.labs[0].days_late, 2);
  EXPECT_EQ(s.slip_days_remaining, 3);
}

TEST(Standing, OnRequest_LatePushAfterAnOnTimeOneDoesNotCount) {
  const auto c = course();
  Ledger l;
  record_submission(l, c, "lab1", "ann", sub("2026-03-01T10:00:00Z", 90, "a"));
  record_submission(l, c, "lab1", "ann", sub("2026-03-03T10:00:00Z", 100, "b"));  // late, not requested
  const auto s = compute_standing(c, l, "ann");
  EXPECT_EQ(s.labs[0].counted, 0U);
  EXPECT_EQ(s.labs[0].final_score, 90);
  EXPECT_EQ(s.labs[0].days_late, 0);
  EXPECT_EQ(s.slip_days_remaining, 5);
}

TEST(Standing, OnRequest_RequestedLatePushReplacesAndLaterUnrequestedOnesDoNot) {
  const auto c = course();
  Ledger l;
  record_submission(l, c, "lab1", "ann", sub("2026-03-01T10:00:00Z", 50, "a"));
  record_submission(l, c, "lab1", "ann", sub("2026-03-02T10:00:00Z", 80, "b", true));  // 1 day, requested
  record_submission(l, c, "lab1", "ann", sub("2026-03-04T10:00:00Z", 100, "c"));       // 3 days, not
  const auto s = compute_standing(c, l, "ann");
  EXPECT_EQ(s.labs[0].counted, 1U);
  EXPECT_EQ(s.labs[0].days_late, 1);
  EXPECT_EQ(s.slip_days_remaining, 4);
}

TEST(Standing, OnRequest_FirstSubmissionCountsEvenWhenLate) {
  const auto c = course();
  Ledger l;
  record_submission(l, c, "lab1", "ann", sub("2026-03-02T10:00:00Z", 70, "a"));  // nothing on time
  record_submission(l, c, "lab1", "ann", sub("2026-03-05T10:00:00Z", 90, "b"));  // not requested
  const auto s = compute_standing(c, l, "ann");
  EXPECT_EQ(s.labs[0].counted, 0U);
  EXPECT_EQ(s.labs[0].days_late, 1);
}

TEST(Standing, OnRequest_RegradeWithTheSameTimeReplacesTheCountedOne) {
  const auto c = course();
  Ledger l;
  record_submission(l, c, "lab1", "ann", sub("2026-03-02T10:00:00Z", 70, "a"));
  record_submission(l, c, "lab1", "ann", sub("2026-03-02T10:00:00Z", 75, "a2"));  // test fixed, re-graded
  const auto s = compute_standing(c, l, "ann");
  EXPECT_EQ(s.labs[0].counted, 1U);
  EXPECT_EQ(s.labs[0].score, 75);
}

TEST(Standing, OnRequest_OnTimeSubmissionsRecordedOutOfOrderStillLatestOnTime) {
  const auto c = course();
  Ledger l;
  record_submission(l, c, "lab1", "ann", sub("2026-03-03T10:00:00Z", 100, "late"));
  record_submission(l, c, "lab1", "ann", sub("2026-03-01T10:00:00Z", 60, "second"));
  record_submission(l, c, "lab1", "ann", sub("2026-02-20T10:00:00Z", 40, "first"));
  const auto s = compute_standing(c, l, "ann");
  EXPECT_EQ(s.labs[0].counted, 1U);  // the latest on-time one; the late one was not requested
  EXPECT_EQ(s.labs[0].score, 60);
}

TEST(Standing, BudgetRunsAcrossLabsAndCrossesInsideOneLab) {
  const auto c = course();
  Ledger l;
  record_submission(l, c, "lab1", "cat", sub("2026-03-03T23:59:00Z", 100));  // 2 days late
  record_submission(l, c, "lab2", "cat", sub("2026-04-06T23:59:00Z", 80));   // 5 days late, 3 left
  const auto s = compute_standing(c, l, "cat");
  EXPECT_EQ(s.labs[0].slip_days_used, 2);
  EXPECT_EQ(s.labs[0].penalty, 0);
  EXPECT_EQ(s.labs[1].days_late, 5);
  EXPECT_EQ(s.labs[1].slip_days_used, 3);
  EXPECT_EQ(s.labs[1].penalty_days, 2);
  EXPECT_EQ(s.labs[1].penalty, 10);
  EXPECT_EQ(s.labs[1].final_score, 70);
  EXPECT_EQ(s.slip_days_used, 5);
  EXPECT_EQ(s.slip_days_remaining, 0);
}

TEST(Standing, PenaltyNeverTakesALabBelowZero) {
  const auto c = course();
  Ledger l;
  record_submission(l, c, "lab1", "ann", sub("2026-03-21T23:59:00Z", 40));  // 20 days: 15 penalised
  const auto s = compute_standing(c, l, "ann");
  EXPECT_EQ(s.labs[0].penalty, 75);
  EXPECT_EQ(s.labs[0].final_score, 0);
  EXPECT_FALSE(s.labs[0].passed);
}

TEST(Standing, GroupLabChargesEveryMember) {
  const auto c = course();
  Ledger l;
  record_submission(l, c, "lab1", "bob", sub("2026-03-05T23:59:00Z", 100));  // bob alone: 4 days
  const auto charged = record_submission(l, c, "lab2", "ann", sub("2026-04-03T23:59:00Z", 90));
  EXPECT_EQ(charged, (std::vector<std::string>{"ann", "bob"}));
  const auto ann = compute_standing(c, l, "ann");
  const auto bob = compute_standing(c, l, "bob");
  EXPECT_EQ(ann.labs[1].group, "g1");
  EXPECT_EQ(ann.labs[1].slip_days_used, 2);
  EXPECT_EQ(ann.labs[1].penalty, 0);
  EXPECT_EQ(bob.labs[1].slip_days_used, 1);  // bob had 1 day left
  EXPECT_EQ(bob.labs[1].penalty, 5);
  EXPECT_EQ(bob.labs[1].final_score, 85);
  EXPECT_EQ(compute_standing(c, l, "cat").labs[1].submitted, false);
  // Recording by group id charges the same members.
  EXPECT_EQ(record_submission(l, c, "lab2", "g2", sub("2026-04-01T00:00:00Z", 50)),
            (std::vector<std::string>{"cat"}));
}

TEST(Standing, RecordingTwiceIsIdempotent) {
  const auto c = course();
  Ledger l;
  record_submission(l, c, "lab1", "ann", sub("2026-03-01T10:00:00Z", 90, "x"));
  record_submission(l, c, "lab1", "ann", sub("2026-03-01T10:00:00Z", 90, "x"));
  EXPECT_EQ(l.students["ann"].labs["lab1"].size(), 1U);
}

TEST(Standing, BadInputIsRejectedClearly) {
  const auto c = course();
  Ledger l;
  EXPECT_THROW(record_submission(l, c, "lab9", "ann", sub("2026-03-01T10:00:00Z", 90)), LedgerError);
  EXPECT_THROW(record_submission(l, c, "lab1", "eve", sub("2026-03-01T10:00:00Z", 90)), LedgerError);
  EXPECT_THROW(record_submission(l, c, "lab1", "ann", sub("2026-03-01T10:00:00Z", 101)), LedgerError);
  EXPECT_THROW(set_grades(l, c, "ann", 120, std::nullopt), LedgerError);
  EXPECT_THROW(set_grades(l, c, "eve", 50, 50), LedgerError);
  EXPECT_TRUE(l.students.empty());
}

TEST(Standing, CourseGradePartsUseTheWeights) {
  const auto c = course();
  Ledger l;
  record_submission(l, c, "lab1", "ann", sub("2026-03-01T10:00:00Z", 90));
  record_submission(l, c, "lab2", "ann", sub("2026-04-01T10:00:00Z", 60));
  record_submission(l, c, "lab3", "ann", sub("2026-05-01T10:00:00Z", 100));
  auto s = compute_standing(c, l, "ann");
  EXPECT_FALSE(s.total.has_value());
  EXPECT_FALSE(s.all_labs_passed);  // 60 is not above 60
  set_grades(l, c, "ann", 80, std::nullopt);
  set_grades(l, c, "ann", std::nullopt, 70);
  s = compute_standing(c, l, "ann");
  EXPECT_EQ(s.lab_grade, 83.33);
  EXPECT_EQ(s.lab_part, 25);
  EXPECT_EQ(s.project_part, 8);
  EXPECT_EQ(s.exam_part, 42);
  EXPECT_EQ(s.total, 75);
}

TEST(Standing, LedgerJsonRoundTripsFactsAndShowsDerivedValues) {
  const auto c = course();
  Ledger l;
  record_submission(l, c, "lab2", "ann", sub("2026-04-03T23:59:00Z", 90, "d", true));
  set_grades(l, c, "bob", 88, std::nullopt);
  const auto doc = to_json(l, c);
  EXPECT_EQ(doc["students"]["ann"]["labs"]["lab2"]["submissions"][0]["late_request"], true);
  EXPECT_EQ(doc["policy"]["late_submissions"], "on-request");
  EXPECT_EQ(doc["students"]["ann"]["labs"]["lab2"]["days_late"], 2);
  EXPECT_EQ(doc["students"]["bob"]["slip_days_remaining"], 3);
  const Ledger back = ledger_from_json(nlohmann::json::parse(doc.dump()));
  EXPECT_EQ(to_json(back, c).dump(), doc.dump());
  EXPECT_THROW(ledger_from_json(nlohmann::json::parse("{\"schema\": \"x\"}")), LedgerError);
  EXPECT_THROW(ledger_from_json(nlohmann::json::parse(R"({"schema": "dslab-ledger/1", "students": {"a": {}}})")),
               LedgerError);
}

TEST(Standing, CsvHasOneRowPerStudentAndEscapes) {
  auto c = course();
  c.students[0].name = "=HYPERLINK(\"x\")";
  Ledger l;
  record_submission(l, c, "lab1", "ann", sub("2026-03-01T10:00:00Z", 90));
  const std::string csv = render_standings_csv(c, compute_standings(c, l));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);
  EXPECT_NE(csv.find("ann,\"'=HYPERLINK(\"\"x\"\")\",90,0,90,yes,0"), std::string::npos) << csv;
}

TEST(Standing, OralExamIsPerLabPassFailAndTheLatestCounts) {
  const auto c = course();
  Ledger l;
  record_oral(l, c, "lab2", "ann", {.passed = false, .examined_at = "2026-04-10T10:00:00Z", .seed = 1,
                                    .scenarios = {"s1"}, .record = "r1.json"});
  record_oral(l, c, "lab2", "ann", {.passed = true, .examined_at = "2026-04-17T10:00:00Z", .seed = 2,
                                    .scenarios = {"s2"}, .record = "r2.json"});
  record_oral(l, c, "lab2", "ann", {.passed = false, .examined_at = "2026-04-01T10:00:00Z", .seed = 3,
                                    .scenarios = {}, .record = "old.json"});  // older: ignored
  const StudentStanding s = compute_standing(c, ledger_from_json(to_json(l, c)), "ann");
  EXPECT_EQ(s.labs[1].oral_passed, std::optional<bool>(true));
  EXPECT_FALSE(s.labs[0].oral_passed.has_value());
  EXPECT_NE(render_standings_table(c, {s}).find(" pass "), std::string::npos);
  EXPECT_THROW(record_oral(l, c, "lab9", "ann", {}), LedgerError);
  EXPECT_THROW(record_oral(l, c, "lab2", "zed", {}), LedgerError);
}

}  // namespace
}  // namespace dslab::ledger
