// Derivation of per-student standings from ledger facts and the course file.
#include "grader/ledger/standing.hpp"

#include <algorithm>
#include <set>

#include "grader/report/result.hpp"

namespace dslab::ledger {
namespace {


LabStanding lab_standing(const manifest::Course& course, const manifest::CourseLab& lab,
                         const StudentRecord* record, int budget) {
  LabStanding s;
  s.lab = lab.id;
  s.budget_after = budget;
  if (record == nullptr) return s;
  const auto it = record->labs.find(lab.id);
  if (it == record->labs.end() || it->second.empty()) return s;
  const auto& subs = it->second;
  s.submitted = true;
  s.counted = counted_submission(course, lab, subs);
  const Submission& sub = subs[*s.counted];
  s.score = sub.score;
  s.pass_threshold = sub.pass_threshold;
  s.group = sub.group;
  s.days_late = days_late(lab.deadline, sub.submitted_at, course.slip, course.timezone);
  const SlipCharge c = charge(s.days_late, budget, course.slip.penalty_per_day);
  s.slip_days_used = c.free_days;
  s.penalty_days = c.penalty_days;
  s.penalty = c.penalty;
  s.final_score = report::round2(std::max(0.0, s.score - s.penalty));
  s.passed = s.final_score > s.pass_threshold;
  s.budget_after = budget - c.free_days;
  return s;
}

void course_parts(const manifest::Course& course, StudentStanding& s) {
  double weighted = 0;
  double weights = 0;
  for (std::size_t i = 0; i < course.labs.size(); ++i) {
    const double w = course.lab_weight(course.labs[i]);
    weighted += w * s.labs[i].final_score;
    weights += w;
  }
  s.lab_grade = weights > 0 ? report::round2(weighted / weights) : 0;
  s.lab_part = report::round2(s.lab_grade * course.weights.labs / 100.0);
  if (s.project) s.project_part = report::round2(*s.project * course.weights.project / 100.0);
  if (s.exam) s.exam_part = report::round2(*s.exam * course.weights.exam / 100.0);
  if (s.project_part && s.exam_part) s.total = report::round2(s.lab_part + *s.project_part + *s.exam_part);
}

}  // namespace

std::optional<std::size_t> counted_submission(const manifest::Course& course, const manifest::CourseLab& lab,
                                              const std::vector<Submission>& subs) {
  std::vector<std::size_t> order(subs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return subs[a].submitted_at < subs[b].submitted_at; });
  std::optional<std::size_t> counted;
  for (const std::size_t i : order) {
    const Submission& s = subs[i];
    const bool replaces = !counted || course.grading.late == manifest::LatePolicy::kLatest || s.late_request ||
                          s.submitted_at == subs[*counted].submitted_at ||
                          days_late(lab.deadline, s.submitted_at, course.slip, course.timezone) == 0;
    if (replaces) counted = i;
  }
  return counted;
}

StudentStanding compute_standing(const manifest::Course& course, const Ledger& ledger,
                                 std::string_view student) {
  StudentStanding s;
  s.student = std::string(student);
  if (const auto* st = course.find_student(student)) s.name = st->name;
  const auto it = ledger.students.find(s.student);
  const StudentRecord* record = it == ledger.students.end() ? nullptr : &it->second;
  int budget = course.slip.free_days;
  s.all_labs_passed = !course.labs.empty();
  for (const auto& lab : course.labs) {
    LabStanding ls = lab_standing(course, lab, record, budget);
    if (record != nullptr) {
      if (const auto oral = record->orals.find(lab.id); oral != record->orals.end()) ls.oral_passed = oral->second.passed;
    }
    budget = ls.budget_after;
    s.slip_days_used += ls.slip_days_used;
    s.all_labs_passed = s.all_labs_passed && ls.passed;
    s.labs.push_back(std::move(ls));
  }
  s.slip_days_remaining = budget;
  if (record != nullptr) {
    s.project = record->project;
    s.exam = record->exam;
  }
  course_parts(course, s);
  return s;
}

std::vector<StudentStanding> compute_standings(const manifest::Course& course, const Ledger& ledger) {
  std::set<std::string> ids;
  for (const auto& st : course.students) ids.insert(st.id);
  for (const auto& [id, record] : ledger.students) ids.insert(id);
  std::vector<StudentStanding> out;
  for (const auto& id : ids) out.push_back(compute_standing(course, ledger, id));
  return out;
}

}  // namespace dslab::ledger
