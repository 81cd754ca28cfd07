// Renderers of student standings (table, JSON, Markdown, CSV).
#include "grader/ledger/standing_render.hpp"

#include <fmt/format.h>

namespace dslab::ledger {
namespace {

using ordered_json = nlohmann::ordered_json;

std::string num(double v) { return fmt::format("{}", v); }
std::string oral(const std::optional<bool>& passed) {
  if (!passed) return "-";
  return *passed ? "pass" : "fail";
}
std::string opt(const std::optional<double>& v) { return v ? num(*v) : "-"; }
ordered_json opt_json(const std::optional<double>& v) { return v ? ordered_json(*v) : ordered_json(nullptr); }

std::string csv_field(const std::string& s) {
  // Quote always-risky fields; neutralise spreadsheet formulas from names.
  std::string v = s;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string parts_line(const manifest::Course& c, const StudentStanding& s) {
  return fmt::format("lab grade {} x {}% = {}  project {} x {}% = {}  exam {} x {}% = {}  total {}",
                     num(s.lab_grade), num(c.weights.labs), num(s.lab_part), opt(s.project), num(c.weights.project),
                     opt(s.project_part), opt(s.exam), num(c.weights.exam), opt(s.exam_part), opt(s.total));
}

}  // namespace

std::string render_standings_table(const manifest::Course& course, const std::vector<StudentStanding>& all) {
  std::size_t w = 5;
  for (const auto& lab : course.labs) w = std::max(w, lab.id.size());
  std::string out;
  for (const auto& s : all) {
    out += fmt::format("{}{}  slip days used {}, remaining {}  all labs passed: {}\n", s.student,
                       s.name.empty() ? "" : " (" + s.name + ")", s.slip_days_used, s.slip_days_remaining,
                       s.all_labs_passed ? "yes" : "no");
    out += fmt::format("  {:<{}}  {:>6}  {:>9}  {:>9}  {:>7}  {:>6}  {:>4}  {}\n", "lab", w, "score", "days late",
                       "slip used", "penalty", "final", "oral", "passed");
    for (const auto& l : s.labs) {
      if (!l.submitted) {
        out += fmt::format("  {:<{}}  {:>6}  {:>9}  {:>9}  {:>7}  {:>6}  {:>4}  {}\n", l.lab, w, "-", "-", "-", "-",
                           "0", oral(l.oral_passed), "no (no submission)");
        continue;
      }
      out += fmt::format("  {:<{}}  {:>6}  {:>9}  {:>9}  {:>7}  {:>6}  {:>4}  {}\n", l.lab, w, num(l.score), l.days_late,
                         l.slip_days_used, num(l.penalty), num(l.final_score), oral(l.oral_passed),
                         l.passed ? "yes" : "no");
    }
    out += "  " + parts_line(course, s) + "\n\n";
  }
  if (all.empty()) out = "(no students in the roster or the ledger)\n";
  return out;
}

ordered_json standings_json(const manifest::Course& course, const std::vector<StudentStanding>& all) {
  ordered_json j;
  j["schema"] = "dslab-standings/1";
  j["course"] = course.name;
  j["weights"] = {{"labs", course.weights.labs}, {"project", course.weights.project}, {"exam", course.weights.exam}};
  j["students"] = ordered_json::array();
  for (const auto& s : all) {
    ordered_json sj;
    sj["student"] = s.student;
    sj["name"] = s.name;
    sj["labs"] = ordered_json::array();
    for (const auto& l : s.labs) {
      sj["labs"].push_back({{"lab", l.lab}, {"submitted", l.submitted}, {"score", l.score},
                            {"days_late", l.days_late}, {"slip_days_used", l.slip_days_used},
                            {"penalty_days", l.penalty_days}, {"penalty", l.penalty},
                            {"final_score", l.final_score}, {"passed", l.passed},
                            {"group", l.group ? ordered_json(*l.group) : ordered_json(nullptr)},
                            {"oral", l.oral_passed ? ordered_json(oral(l.oral_passed)) : ordered_json(nullptr)}});
    }
    sj["slip_days_used"] = s.slip_days_used;
    sj["slip_days_remaining"] = s.slip_days_remaining;
    sj["all_labs_passed"] = s.all_labs_passed;
    sj["lab_grade"] = s.lab_grade;
    sj["lab_part"] = s.lab_part;
    sj["project"] = opt_json(s.project);
    sj["project_part"] = opt_json(s.project_part);
    sj["exam"] = opt_json(s.exam);
    sj["exam_part"] = opt_json(s.exam_part);
    sj["total"] = opt_json(s.total);
    j["students"].push_back(std::move(sj));
  }
  return j;
}

std::string render_standings_markdown(const manifest::Course& course, const std::vector<StudentStanding>& all) {
  std::string out = fmt::format("## {}: standings\n\n", course.name);
  for (const auto& s : all) {
    out += fmt::format("### {}{}\n\nSlip days used {}, remaining {}. All labs passed: {}.\n\n", s.student,
                       s.name.empty() ? "" : " (" + s.name + ")", s.slip_days_used, s.slip_days_remaining,
                       s.all_labs_passed ? "yes" : "no");
    out += "| Lab | Score | Days late | Slip used | Penalty | Final | Oral exam | Passed |\n"
           "|---|---:|---:|---:|---:|---:|---|---|\n";
    for (const auto& l : s.labs) {
      out += l.submitted ? fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", l.lab, num(l.score), l.days_late,
                                       l.slip_days_used, num(l.penalty), num(l.final_score), oral(l.oral_passed),
                                       l.passed ? "yes" : "no")
                         : fmt::format("| {} | - | - | - | - | 0 | {} | no submission |\n", l.lab, oral(l.oral_passed));
    }
    out += "\n" + parts_line(course, s) + "\n\n";
  }
  return out;
}

std::string render_standings_csv(const manifest::Course& course, const std::vector<StudentStanding>& all) {
  std::string out = "student,name";
  for (const auto& lab : course.labs) {
    for (const char* col : {"score", "penalty", "final", "passed", "days_late", "oral"}) out += fmt::format(",{}_{}", lab.id, col);
  }
  out += ",slip_days_used,slip_days_remaining,all_labs_passed,lab_grade,lab_part,project,project_part,exam,exam_part,total\r\n";
  const auto o = [](const std::optional<double>& v) { return v ? num(*v) : std::string(); };
  for (const auto& s : all) {
    out += csv_field(s.student) + "," + csv_field(s.name);
    for (const auto& l : s.labs) {
      out += fmt::format(",{},{},{},{},{},{}", l.submitted ? num(l.score) : "", num(l.penalty), num(l.final_score),
                         l.passed ? "yes" : "no", l.days_late, l.oral_passed ? oral(l.oral_passed) : "");
    }
    out += fmt::format(",{},{},{},{},{},{},{},{},{},{}\r\n", s.slip_days_used, s.slip_days_remaining,
                       s.all_labs_passed ? "yes" : "no", num(s.lab_grade), num(s.lab_part), o(s.project),
                       o(s.project_part), o(s.exam), o(s.exam_part), o(s.total));
  }
  return out;
}

}  // namespace dslab::ledger
