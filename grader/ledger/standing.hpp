// Per-student standing derived from the ledger and the course: counted submissions, slip days,
// penalties, final lab grades, and the course grade parts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grader/ledger/ledger.hpp"

namespace dslab::ledger {

/// One lab of one student, in course order.
struct LabStanding {
  std::string lab;
  bool submitted = false;
  std::optional<std::size_t> counted;  ///< index of the submission that counts (counted_submission)
  double score = 0;                    ///< of the counted submission
  double pass_threshold = 60;
  int days_late = 0;
  int slip_days_used = 0;  ///< free days taken by this lab
  int penalty_days = 0;
  double penalty = 0;
  double final_score = 0;  ///< max(0, score - penalty)
  bool passed = false;     ///< final_score > pass_threshold
  int budget_after = 0;    ///< free slip days left after this lab
  std::optional<std::string> group;
  std::optional<bool> oral_passed;  ///< the lab's oral exam (dslab exam), once recorded
};

/// A student's standing and course grade parts.
struct StudentStanding {
  std::string student;
  std::string name;  ///< from the roster ("" if not listed)
  std::vector<LabStanding> labs;
  int slip_days_used = 0;
  int slip_days_remaining = 0;
  double lab_grade = 0;  ///< weighted mean of final lab grades (0-100); missing labs count 0
  double lab_part = 0;   ///< lab_grade × weights.labs / 100
  std::optional<double> project, exam;
  std::optional<double> project_part, exam_part;
  std::optional<double> total;  ///< sum of the parts, once project and exam are entered
  bool all_labs_passed = false;
};

/// Which of a lab's submissions counts: walking them in order of submitted_at (ties in record
/// order), the first counts, and each later one replaces it when it is on time (no day late),
/// has the same submitted_at (a re-grade), carries late_request, or the course's late policy is
/// kLatest. So after the deadline a push replaces the counted submission only on request, and
/// a first submission after the deadline counts without one. nullopt when `subs` is empty. Pure.
std::optional<std::size_t> counted_submission(const manifest::Course& course, const manifest::CourseLab& lab,
                                              const std::vector<Submission>& subs);

/// The standing of one student. The counted submission of a lab is counted_submission()'s;
/// the free budget runs across labs in course order; penalties are
/// applied to the lab grade and never take it below 0. Pure; thread-safe.
StudentStanding compute_standing(const manifest::Course& course, const Ledger& ledger,
                                 std::string_view student);

/// Standings of every roster student and every student present in the ledger, sorted by id.
std::vector<StudentStanding> compute_standings(const manifest::Course& course, const Ledger& ledger);

}  // namespace dslab::ledger
