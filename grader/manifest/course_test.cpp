// Tests of the course file: defaults, deadlines with offsets and zones, roster, policy errors.
#include "grader/manifest/course.hpp"

#include <string>

#include <gtest/gtest.h>

#include "grader/manifest/diagnostics.hpp"

namespace dslab::manifest {
namespace {

const char* const kCourse = R"([course]
name = "Distributed Systems 2026"
timezone = "Europe/Zurich"

[[labs]]
id = "lab1-network"
deadline = 2026-03-06T23:59:00+01:00

[[labs]]
id = "lab2-detector"
deadline = 2026-07-03T23:59:00
weight = 2

[roster]
students = [
  { id = "s1", name = "Ada", github = "ada" },
  { id = "s2", name = "Bob", github = "bob" },
  { id = "s3", name = "Cy" },
]

[roster.groups.lab2-detector]
g1 = ["s1", "s2"]
g2 = ["s3"]

[slip_days]
free_days = 4
grace_minutes = 15
)";

std::string with(const std::string& from, const std::string& to) {
  std::string text = kCourse;
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

std::string error_of(const std::string& text) {
  try {
    parse_course(text, "course.toml");
  } catch (const ManifestError& e) {
    return e.what();
  }
  return "";
}

TEST(Course, LoadsLabsInOrderWithUtcDeadlines) {
  const Course c = parse_course(kCourse, "course.toml");
  EXPECT_EQ(c.name, "Distributed Systems 2026");
  ASSERT_EQ(c.labs.size(), 2U);
  EXPECT_EQ(c.labs[0].id, "lab1-network");
  EXPECT_EQ(format_utc(c.labs[0].deadline), "2026-03-06T22:59:00Z");
  // Local datetime: the course zone, summer time in July.
  EXPECT_EQ(format_utc(c.labs[1].deadline), "2026-07-03T21:59:00Z");
  EXPECT_EQ(c.lab_weight(c.labs[0]), 1.0);
  EXPECT_EQ(c.lab_weight(c.labs[1]), 2.0);
}

TEST(Course, RosterAndGroups) {
  const Course c = parse_course(kCourse, "course.toml");
  ASSERT_EQ(c.students.size(), 3U);
  EXPECT_EQ(c.find_student("s3")->github, "");
  EXPECT_EQ(c.group_of("lab2-detector", "s2"), "g1");
  EXPECT_FALSE(c.group_of("lab1-network", "s2").has_value());
  EXPECT_EQ(c.members("lab2-detector", "g1"), (std::vector<std::string>{"s1", "s2"}));
}

TEST(Course, PolicyDefaultsApplyWhenAbsent) {
  const Course c = parse_course(kCourse, "course.toml");
  EXPECT_EQ(c.slip.free_days, 4);
  EXPECT_EQ(c.slip.grace_minutes, 15);
  EXPECT_EQ(c.slip.penalty_per_day, 5);
  EXPECT_TRUE(c.slip.calendar_days);
  EXPECT_EQ(c.weights.labs, 30);
  EXPECT_EQ(c.weights.project, 10);
  EXPECT_EQ(c.weights.exam, 60);
}

TEST(Course, GradingSettingsDefaultToMainAndLateOnRequest) {
  const Course c = parse_course(kCourse, "course.toml");
  EXPECT_EQ(c.grading.branch, "main");
  EXPECT_EQ(c.grading.late, LatePolicy::kOnRequest);
  EXPECT_TRUE(c.grading.student_repo.empty());
  const Course g = parse_course(std::string(kCourse) + R"([grading]
student_repo = "ds-2026/dslab-{github}"
group_repo = "ds-2026/group-{group}"
branch = "trunk"
late_submissions = "latest"
)", "course.toml");
  EXPECT_EQ(g.grading.student_repo, "ds-2026/dslab-{github}");
  EXPECT_EQ(g.grading.group_repo, "ds-2026/group-{group}");
  EXPECT_EQ(g.grading.branch, "trunk");
  EXPECT_EQ(g.grading.late, LatePolicy::kLatest);
}

TEST(Course, GradingSettingsErrorsNameTheKey) {
  const std::string base = std::string(kCourse) + "[grading]\n";
  EXPECT_NE(error_of(base + "late_submissions = \"if-better\"\n").find("grading.late_submissions"), std::string::npos);
  EXPECT_NE(error_of(base + "student_repo = \"dslab-{github}\"\n").find("OWNER/NAME"), std::string::npos);
  EXPECT_NE(error_of(base + "student_repo = \"org/dslab-{group}\"\n").find("grading.student_repo"), std::string::npos);
  EXPECT_NE(error_of(base + "group_repo = \"org/{github}\"\n").find("grading.group_repo"), std::string::npos);
  EXPECT_NE(error_of(base + "branch = \"a b\"\n").find("grading.branch"), std::string::npos);
  EXPECT_NE(error_of(base + "poll = 5\n").find("poll"), std::string::npos);
  EXPECT_EQ(error_of(base + "student_repo = \"\"\n"), "");  // not set yet: publish warns, the poller refuses
}

TEST(Course, LocalDeadlineWithoutZoneIsUtc) {
  const Course c = parse_course(with("timezone = \"Europe/Zurich\"\n", ""), "course.toml");
  EXPECT_EQ(format_utc(c.labs[1].deadline), "2026-07-03T23:59:00Z");
}

TEST(Course, ErrorsNameFileLineAndProblem) {
  EXPECT_EQ(error_of(with("free_days = 4", "free_days = -1")),
            "course.toml:26: slip_days.free_days must be an integer in [0, 365], got -1");
  EXPECT_EQ(error_of(with("grace_minutes", "grace_minuts")),
            "course.toml:27: unknown key slip_days.grace_minuts (check the spelling; see docs)");
  EXPECT_NE(error_of(with("timezone = \"Europe/Zurich\"", "timezone = \"Europe/Atlantis\""))
                .find("course.toml:3: course.timezone: unknown time zone"), std::string::npos);
  EXPECT_NE(error_of(with("deadline = 2026-03-06T23:59:00+01:00", "deadline = \"friday\""))
                .find("course.toml:7: labs[0].deadline must be a TOML datetime"), std::string::npos);
  EXPECT_NE(error_of(with("g2 = [\"s3\"]", "g2 = [\"s9\"]")).find("\"s9\" is not a student"), std::string::npos);
  EXPECT_NE(error_of(with("g2 = [\"s3\"]", "g2 = [\"s1\"]")).find("more than one group"), std::string::npos);
  EXPECT_NE(error_of(with("id = \"lab2-detector\"", "id = \"lab1-network\"")).find("listed twice"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(kCourse) + "[weights]\nlabs = 50\n").find("weights must sum to 100"),
            std::string::npos);
}

TEST(Course, NonexistentLocalDeadlineIsAnError) {
  EXPECT_NE(error_of(with("2026-07-03T23:59:00", "2026-03-29T02:30:00")).find("does not exist"),
            std::string::npos);
}

}  // namespace
}  // namespace dslab::manifest
