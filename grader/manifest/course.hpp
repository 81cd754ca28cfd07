// The course file (course.toml): labs in order with deadlines, roster and groups, slip-day policy,
// grade weights. Every policy number has the course-handbook default when absent.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grader/manifest/time_zone.hpp"

namespace dslab::manifest {

/// One lab of the course, in course order.
struct CourseLab {
  std::string id;
  Instant deadline;
  std::optional<double> weight;  ///< share of the lab part; see Course::lab_weight
};

struct Student {
  std::string id;
  std::string name;
  std::string github;
};

/// Slip-day policy (defaults: DESIGN.md, "Course rules").
struct SlipPolicy {
  int free_days = 5;        ///< free slip days for the whole course
  int penalty_per_day = 5;  ///< points off the lab grade per day beyond the free budget
  int grace_minutes = 0;    ///< lateness forgiven before the first day counts
  bool calendar_days = true;  ///< false: Saturdays and Sundays (course time zone) do not count
};

/// After a lab's deadline, which later submission replaces the one that counts.
enum class LatePolicy {
  kOnRequest,  ///< default: only a submission the student asked for (late_request) replaces it
  kLatest,     ///< every later submission replaces it (the latest counts, late or not)
};

/// The course file's name for a late policy ("on-request", "latest").
const char* late_policy_name(LatePolicy policy);

/// Where the course workflow finds the roster's repositories and what it grades there
/// (table [grading]; read by grader/classroom, validated here).
struct GradingSettings {
  /// OWNER/NAME of a student's repository, with {id} and {github} of the roster entry; empty:
  /// not set (class grading refuses to run, `dslab publish` warns).
  std::string student_repo;
  /// OWNER/NAME of a group's repository, with {group}; empty: a group lab is graded from each
  /// member's own repository (and charged to the whole group).
  std::string group_repo;
  /// The only branch whose pushes are submissions (what the template was created with).
  std::string branch = "main";
  LatePolicy late = LatePolicy::kOnRequest;
};

/// Course grade weights in percent; they must sum to 100.
struct Weights {
  double labs = 30;
  double project = 10;
  double exam = 60;
};

/// A validated course file. Lab ids unique; group members are roster students; a student is in
/// at most one group per lab.
struct Course {
  std::string name;
  TimeZone timezone;  ///< for local deadlines and for weekday counting
  std::vector<CourseLab> labs;
  std::vector<Student> students;
  /// lab id -> group id -> member student ids.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> groups;
  SlipPolicy slip;
  GradingSettings grading;
  Weights weights;
  std::filesystem::path file;

  const CourseLab* find_lab(std::string_view id) const;
  const Student* find_student(std::string_view id) const;
  /// The group id of `student` for `lab`, if the roster puts them in one.
  std::optional<std::string> group_of(std::string_view lab, std::string_view student) const;
  /// Members of group `group` of `lab` (empty if unknown).
  std::vector<std::string> members(std::string_view lab, std::string_view group) const;
  /// A lab's weight in the lab part: its explicit weight, else 1.
  double lab_weight(const CourseLab& lab) const { return lab.weight.value_or(1.0); }
};

/// Parses and validates course text; `display_path` names the file in messages.
/// `zoneinfo_dir` is where IANA zones are read from. Throws ManifestError listing every problem.
Course parse_course(std::string_view text, const std::string& display_path,
                    const std::filesystem::path& zoneinfo_dir = "/usr/share/zoneinfo");

/// Loads a course file. Throws ManifestError (also when missing or unreadable).
Course load_course(const std::filesystem::path& file);

}  // namespace dslab::manifest
