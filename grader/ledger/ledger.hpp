// The slip-day ledger's recorded facts: graded submissions per student and lab, and the grades
// the instructor enters. Everything derived (which submission counts, days late, slip days,
// penalties) is computed from these facts and the course file; see standing.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "grader/ledger/slip.hpp"
#include "grader/manifest/course.hpp"

namespace dslab::ledger {

/// Thrown for a malformed ledger file or an invalid change (unknown lab or student, bad grade).
class LedgerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One graded submission of one lab.
struct Submission {
  Instant submitted_at;        ///< when the grading side saw the push (never a commit date)
  std::string graded_at;       ///< RFC 3339, informational
  double score = 0;            ///< the lab's 0-100 score before any penalty
  double pass_threshold = 60;  ///< from the lab manifest at grading time
  std::string report_digest;   ///< report_digest() of the grade report
  std::string submitted_by;    ///< the student or group id the grader was given
  std::optional<std::string> group;  ///< group id for a group lab
  /// The student asked for this submission to count even after the deadline (the pushed commit
  /// held student/<lab>/SUBMIT_LATE, or the instructor recorded it so): under the default late
  /// policy only such a submission replaces the counted one once the deadline has passed.
  bool late_request = false;
};

/// The outcome of one lab's oral exam, from a `dslab exam` record (grader/exam/record.hpp).
struct OralExam {
  bool passed = false;
  std::string examined_at;             ///< RFC 3339: when the session ended
  std::uint64_t seed = 0;              ///< the exam seed (with the student id, it picked the scenarios)
  std::vector<std::string> scenarios;  ///< the scenario ids stepped
  std::string record;                  ///< the record file it was taken from (informational)
};

/// The recorded facts for one student.
struct StudentRecord {
  std::map<std::string, std::vector<Submission>> labs;  ///< lab id -> submissions, record order
  std::map<std::string, OralExam> orals;                ///< lab id -> the latest oral exam
  std::optional<double> project;  ///< 0-100, entered by the instructor
  std::optional<double> exam;     ///< 0-100, entered by the instructor
};

/// The whole ledger (facts only). Not thread-safe; concurrent processes go through LedgerStore.
struct Ledger {
  std::map<std::string, StudentRecord> students;
};

/// Records a graded submission of `lab` made by `submitter` (a student id, or a group id of
/// that lab). If the roster puts the submitter in a group for that lab, every member of the
/// group is charged. Recording the same (time, digest) twice for a student is a no-op, so a
/// retried CI job does not duplicate entries. Returns the student ids recorded for.
/// Throws LedgerError when the lab is not in the course or the submitter is unknown (an empty
/// roster accepts any student id).
std::vector<std::string> record_submission(Ledger& ledger, const manifest::Course& course,
                                           std::string_view lab, std::string_view submitter,
                                           const Submission& submission);

/// Records `student`'s oral exam of `lab`; a later exam (by examined_at) replaces an earlier
/// one, an earlier one is ignored. Throws LedgerError for a lab not in the course or a student
/// not in the roster (an empty roster accepts any id).
void record_oral(Ledger& ledger, const manifest::Course& course, std::string_view lab, std::string_view student,
                 const OralExam& oral);

/// Sets the instructor-entered grades (each 0-100; nullopt leaves it unchanged).
/// Throws LedgerError for an unknown student (non-empty roster) or a grade out of range.
void set_grades(Ledger& ledger, const manifest::Course& course, std::string_view student,
                std::optional<double> project, std::optional<double> exam);

/// The ledger file document (schema "dslab-ledger/1"): the facts plus, for reading by people and
/// tools, every derived value computed against `course`. Keys in a fixed order.
nlohmann::ordered_json to_json(const Ledger& ledger, const manifest::Course& course);

/// Reads the facts back from a ledger document (derived values are ignored: they are always
/// recomputed). Throws LedgerError naming the problem.
Ledger ledger_from_json(const nlohmann::json& doc);

}  // namespace dslab::ledger
