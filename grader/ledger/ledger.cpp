// Ledger facts: recording submissions and grades, and the ledger file's JSON form.
#include "grader/ledger/ledger.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "grader/ledger/standing.hpp"

namespace dslab::ledger {
namespace {

using ordered_json = nlohmann::ordered_json;
constexpr const char* kSchema = "dslab-ledger/1";

bool same_submission(const Submission& a, const Submission& b) {
  return a.submitted_at == b.submitted_at && a.report_digest == b.report_digest && a.score == b.score &&
         a.late_request == b.late_request;
}

// The students a submission of `lab` by `submitter` is recorded for.
std::vector<std::string> charged_students(const manifest::Course& course, std::string_view lab,
                                          std::string_view submitter, std::optional<std::string>& group) {
  auto members = course.members(lab, submitter);
  if (!members.empty()) {
    group = std::string(submitter);
    return members;
  }
  if (course.find_student(submitter) == nullptr && !course.students.empty()) {
    throw LedgerError(fmt::format("\"{}\" is neither a student of the roster nor a group of {}", submitter, lab));
  }
  if (submitter.empty()) throw LedgerError("the submitter id is empty");
  group = course.group_of(lab, submitter);
  if (group) return course.members(lab, *group);
  return {std::string(submitter)};
}

ordered_json submission_json(const Submission& s) {
  ordered_json j;
  j["submitted_at"] = manifest::format_utc(s.submitted_at);
  j["graded_at"] = s.graded_at;
  j["score"] = s.score;
  j["pass_threshold"] = s.pass_threshold;
  j["report_digest"] = s.report_digest;
  j["submitted_by"] = s.submitted_by;
  j["group"] = s.group ? ordered_json(*s.group) : ordered_json(nullptr);
  j["late_request"] = s.late_request;
  return j;
}

ordered_json lab_json(const LabStanding& ls, const std::vector<Submission>* subs) {
  ordered_json j;
  j["submissions"] = ordered_json::array();
  if (subs != nullptr) {
    for (const auto& s : *subs) j["submissions"].push_back(submission_json(s));
  }
  j["counted"] = ls.counted ? ordered_json(*ls.counted) : ordered_json(nullptr);
  j["score"] = ls.score;
  j["days_late"] = ls.days_late;
  j["slip_days_used"] = ls.slip_days_used;
  j["slip_days_left_after"] = ls.budget_after;
  j["penalty_days"] = ls.penalty_days;
  j["penalty"] = ls.penalty;
  j["final_score"] = ls.final_score;
  j["passed"] = ls.passed;
  return j;
}

ordered_json optional_number(const std::optional<double>& v) {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

ordered_json orals_json(const StudentRecord& record) {
  ordered_json j = ordered_json::object();
  for (const auto& [lab, o] : record.orals) {
    j[lab] = {{"passed", o.passed}, {"examined_at", o.examined_at}, {"seed", o.seed}, {"scenarios", o.scenarios},
              {"record", o.record}};
  }
  return j;
}

OralExam oral_from_json(const nlohmann::json& j) {
  OralExam o;
  o.passed = j.at("passed").get<bool>();
  o.examined_at = j.at("examined_at").get<std::string>();
  o.seed = j.value("seed", std::uint64_t{0});
  o.scenarios = j.value("scenarios", std::vector<std::string>{});
  o.record = j.value("record", "");
  return o;
}

ordered_json student_json(const manifest::Course& course, const Ledger& ledger, const std::string& id,
                          const StudentRecord& record) {
  const StudentStanding st = compute_standing(course, ledger, id);
  ordered_json j;
  j["project"] = optional_number(record.project);
  j["exam"] = optional_number(record.exam);
  j["slip_days_used"] = st.slip_days_used;
  j["slip_days_remaining"] = st.slip_days_remaining;
  if (!record.orals.empty()) j["orals"] = orals_json(record);
  j["labs"] = ordered_json::object();
  for (const auto& ls : st.labs) {
    const auto it = record.labs.find(ls.lab);
    if (it != record.labs.end()) j["labs"][ls.lab] = lab_json(ls, &it->second);
  }
  // Facts about labs the current course file no longer lists are kept, never dropped.
  for (const auto& [lab, subs] : record.labs) {
    if (course.find_lab(lab) == nullptr) {
      ordered_json orphan;
      orphan["submissions"] = ordered_json::array();
      for (const auto& s : subs) orphan["submissions"].push_back(submission_json(s));
      orphan["note"] = "lab not in the course file";
      j["labs"][lab] = orphan;
    }
  }
  return j;
}

Submission submission_from_json(const nlohmann::json& j) {
  Submission s;
  try {
    s.submitted_at = manifest::parse_instant(j.at("submitted_at").get<std::string>());
  } catch (const std::invalid_argument& e) {
    throw LedgerError(e.what());
  }
  s.graded_at = j.value("graded_at", "");
  s.score = j.at("score").get<double>();
  s.pass_threshold = j.value("pass_threshold", 60.0);
  s.report_digest = j.value("report_digest", "");
  s.submitted_by = j.value("submitted_by", "");
  if (j.contains("group") && !j["group"].is_null()) s.group = j["group"].get<std::string>();
  s.late_request = j.value("late_request", false);
  return s;
}

std::optional<double> optional_from(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  return j[key].get<double>();
}

void check_grade(const char* what, const std::optional<double>& v) {
  if (v && (*v < 0 || *v > 100)) throw LedgerError(fmt::format("{} grade must be in [0, 100], got {}", what, *v));
}

}  // namespace

std::vector<std::string> record_submission(Ledger& ledger, const manifest::Course& course, std::string_view lab,
                                           std::string_view submitter, const Submission& submission) {
  if (course.find_lab(lab) == nullptr) throw LedgerError(fmt::format("lab \"{}\" is not in the course file", lab));
  if (submission.score < 0 || submission.score > 100) {
    throw LedgerError(fmt::format("score must be in [0, 100], got {}", submission.score));
  }
  Submission entry = submission;
  entry.submitted_by = std::string(submitter);
  const auto students = charged_students(course, lab, submitter, entry.group);
  for (const auto& id : students) {
    auto& subs = ledger.students[id].labs[std::string(lab)];
    const bool dup = std::any_of(subs.begin(), subs.end(), [&](const Submission& s) { return same_submission(s, entry); });
    if (!dup) subs.push_back(entry);
  }
  return students;
}

void record_oral(Ledger& ledger, const manifest::Course& course, std::string_view lab, std::string_view student,
                 const OralExam& oral) {
  if (course.find_lab(lab) == nullptr) throw LedgerError(fmt::format("lab \"{}\" is not in the course file", lab));
  if (student.empty() || (course.find_student(student) == nullptr && !course.students.empty())) {
    throw LedgerError(fmt::format("\"{}\" is not a student of the roster", student));
  }
  auto& orals = ledger.students[std::string(student)].orals;
  const auto it = orals.find(std::string(lab));
  if (it != orals.end() && it->second.examined_at > oral.examined_at) return;  // RFC 3339 UTC sorts as text
  orals[std::string(lab)] = oral;
}

void set_grades(Ledger& ledger, const manifest::Course& course, std::string_view student,
                std::optional<double> project, std::optional<double> exam) {
  if (student.empty() || (course.find_student(student) == nullptr && !course.students.empty())) {
    throw LedgerError(fmt::format("\"{}\" is not a student of the roster", student));
  }
  check_grade("project", project);
  check_grade("exam", exam);
  auto& record = ledger.students[std::string(student)];
  if (project) record.project = project;
  if (exam) record.exam = exam;
}

nlohmann::ordered_json to_json(const Ledger& ledger, const manifest::Course& course) {
  ordered_json j;
  j["schema"] = kSchema;
  j["course"] = course.name;
  j["policy"] = {{"free_days", course.slip.free_days},
                 {"penalty_per_day", course.slip.penalty_per_day},
                 {"grace_minutes", course.slip.grace_minutes},
                 {"calendar_days", course.slip.calendar_days},
                 {"late_submissions", manifest::late_policy_name(course.grading.late)}};
  j["students"] = ordered_json::object();
  for (const auto& [id, record] : ledger.students) j["students"][id] = student_json(course, ledger, id, record);
  return j;
}

Ledger ledger_from_json(const nlohmann::json& doc) {
  if (!doc.is_object() || doc.value("schema", "") != kSchema) {
    throw LedgerError(fmt::format("not a ledger file (expected \"schema\": \"{}\")", kSchema));
  }
  Ledger ledger;
  try {
    for (const auto& [id, sj] : doc.at("students").items()) {
      StudentRecord record;
      record.project = optional_from(sj, "project");
      record.exam = optional_from(sj, "exam");
      if (sj.contains("orals")) {
        for (const auto& [lab, oj] : sj.at("orals").items()) record.orals[lab] = oral_from_json(oj);
      }
      for (const auto& [lab, lj] : sj.at("labs").items()) {
        auto& subs = record.labs[lab];
        for (const auto& s : lj.at("submissions")) subs.push_back(submission_from_json(s));
      }
      ledger.students.emplace(id, std::move(record));
    }
  } catch (const nlohmann::json::exception& e) {
    throw LedgerError(fmt::format("malformed ledger: {}", e.what()));
  }
  return ledger;
}

}  // namespace dslab::ledger
