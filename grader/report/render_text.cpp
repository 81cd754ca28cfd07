// Human-facing renderers: the aligned terminal table and the Markdown job summary.
#include <algorithm>

#include <fmt/format.h>

#include "grader/report/render.hpp"
#include "grader/report/render_util.hpp"

namespace dslab::report {
namespace {

// A local run's header: the public points only, and what it does not show.
std::string local_header(const LabResult& lab) {
  return fmt::format("{} - {} ({})\n  public tests {}/{} points ({}); hidden tests: {} points, "
                     "graded by the course (not run here)\n",
                     lab.lab, lab.title, manifest::to_string(lab.kind), earned_points(lab),
                     total_points(lab),
                     earned_points(lab) == total_points(lab) ? "all passed" : "some failed",
                     lab.hidden_points_not_run);
}

std::string lab_header(const LabResult& lab, const RenderOptions& options) {
  if (options.local_run) return local_header(lab);
  return fmt::format("{} - {} ({})\n  score {}/100  {} (passes above {})  penalty {}  final {}{}\n",
                     lab.lab, lab.title, manifest::to_string(lab.kind), number(lab.score),
                     lab.passed ? "PASSED" : "NOT PASSED", number(lab.pass_threshold), number(lab.penalty),
                     number(lab.final_score),
                     lab.isolation.backend.empty() ? "" : "  isolation: " + describe(lab.isolation));
}

void table_tests(std::string& out, const LabResult& lab, const RenderOptions& options) {
  std::size_t name_w = 4;
  std::size_t status_w = 6;
  for (const auto& t : lab.tests) {
    name_w = std::max(name_w, t.name.size());
    status_w = std::max(status_w, to_string(t.status).size());
  }
  out += fmt::format("  {:<4}  {:<{}}  {:>7}  {:<6}  {:<{}}  {:>6}  {}\n", "", "test", name_w, "points", "vis",
                     "status", status_w, "time", "reason / property");
  for (const auto& t : lab.tests) {
    const bool hide = withhold_detail(t, options);
    const std::string pts = fmt::format("{}/{}", t.earned, t.points);
    std::string why = one_line(hide || t.status == TestStatus::kPassed ? t.property : t.reason);
    out += fmt::format("  {:<4}  {:<{}}  {:>7}  {:<6}  {:<{}}  {:>6}  {}", status_mark(t.status), t.name, name_w, pts,
                       manifest::to_string(t.visibility), to_string(t.status), status_w, wall_time(t), why);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
    if (!hide && t.status != TestStatus::kPassed) {
      if (t.seed) out += fmt::format("        seed={}\n", *t.seed);
      if (t.replay) out += fmt::format("        replay: {}\n", one_line(*t.replay));
    }
  }
}

std::string md_escape(const std::string& s) {
  std::string out;
  for (char c : one_line(s)) {
    if (c == '|' || c == '\\' || c == '`' || c == '*' || c == '_' || c == '<' || c == '>' || c == '[' || c == ']') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// A collapsed block of preformatted text. The fence is longer than any backtick run in the
// text, so student text cannot close it.
std::string details(const std::string& summary, const std::string& raw) {
  const std::string body = clean(raw);
  std::size_t longest = 0, run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(4, longest + 1), '`');
  return "\n<details><summary>" + summary + "</summary>\n\n" + fence + "text\n" + body + "\n" + fence +
         "\n\n</details>\n";
}

// An inline code span inside a table cell: delimited by more backticks than any run inside, '|'
// escaped (GitHub tables split cells on it even in code).
std::string md_code(const std::string& raw) {
  std::string body;
  std::size_t longest = 0, run = 0;
  for (char c : one_line(raw)) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
    body += c == '|' ? std::string("\\|") : std::string(1, c);
  }
  const std::string ticks(longest + 1, '`');
  return ticks + " " + body + " " + ticks;
}

void markdown_lab(std::string& out, const LabResult& lab, const RenderOptions& options) {
  if (options.local_run) {
    const bool all = earned_points(lab) == total_points(lab);
    out += fmt::format("### {} {}: {}\n\n", all ? "✅" : "❌", md_escape(lab.lab), md_escape(lab.title));
    out += fmt::format("**Public tests {} / {} points** · hidden tests: {} points, graded by the course "
                       "(not run here)\n\n",
                       earned_points(lab), total_points(lab), lab.hidden_points_not_run);
  } else {
    out += fmt::format("### {} {}: {}\n\n", lab.passed ? "✅" : "❌", md_escape(lab.lab), md_escape(lab.title));
    out += fmt::format("**Score {} / 100** ({}; passes above {}) · penalty {} · **final {}** · {} / {} points\n\n",
                     number(lab.score), lab.passed ? "passed" : "not passed", number(lab.pass_threshold),
                     number(lab.penalty), number(lab.final_score), earned_points(lab), total_points(lab));
  }
  out += "| | Test | Points | Visibility | Status | Time | Reason / property |\n|---|---|---:|---|---|---:|---|\n";
  for (const auto& t : lab.tests) {
    const bool hide = withhold_detail(t, options);
    std::string why = hide || t.status == TestStatus::kPassed ? md_escape(t.property) : md_escape(t.reason);
    if (!hide && t.seed) why += fmt::format(" (seed {})", *t.seed);
    if (!hide && t.replay && t.status != TestStatus::kPassed) why += "<br>replay: " + md_code(*t.replay);
    // A public failure can be drawn where it can be replayed: in the student's own checkout.
    if (!hide && t.replay && t.status != TestStatus::kPassed && t.visibility == manifest::Visibility::kPublic) {
      why += "<br>picture: " + md_code(*t.replay + " --html run.html");
    }
    out += fmt::format("| {} | {} | {}/{} | {} | {} | {} | {} |\n", t.status == TestStatus::kPassed ? "✅" : "❌",
                       md_escape(t.name), t.earned, t.points, manifest::to_string(t.visibility),
                       to_string(t.status), wall_time(t), why);
  }
  for (const auto& t : lab.tests) {
    if (t.status == TestStatus::kPassed || withhold_detail(t, options) || t.detail.empty()) continue;
    out += details(md_escape(t.name), t.detail);
  }
  const std::string log = visible_build_log(lab, options);
  if (!log.empty()) out += details("Build errors", log);
  for (const auto& note : lab.notes) out += fmt::format("\n> note: {}\n", md_escape(note));
  out += '\n';
}

}  // namespace

std::string render_table(const GradeReport& report, const RenderOptions& options) {
  std::string out =
      options.local_run
          ? fmt::format("dslab test: public tests of {}\n", one_line(report.submission))
          : fmt::format("dslab grade report  submission: {}  submitted: {}  graded: {}\n",
                        one_line(report.submission), report.submitted_at.empty() ? "-" : one_line(report.submitted_at),
                        report.graded_at.empty() ? "-" : one_line(report.graded_at));
  for (const auto& lab : report.labs) {
    out += '\n' + lab_header(lab, options);
    table_tests(out, lab, options);
    const std::string log = clean(visible_build_log(lab, options));
    if (!log.empty()) out += "  build errors:\n    " + log.substr(0, log.find_last_not_of('\n') + 1) + "\n";
    for (const auto& note : lab.notes) out += "  note: " + one_line(note) + "\n";
  }
  return out;
}

std::string render_markdown(const GradeReport& report, const RenderOptions& options) {
  std::string out = options.local_run ? "## dslab test: public tests\n\n" : "## dslab grade report\n\n";
  if (options.local_run) {
    out += "| Lab | Public points | Hidden points (graded by the course) |\n|---|---:|---:|\n";
    for (const auto& lab : report.labs) {
      out += fmt::format("| {} | {} / {} | {} |\n", md_escape(lab.lab), earned_points(lab), total_points(lab),
                         lab.hidden_points_not_run);
    }
  } else {
    out += "| Lab | Score | Passed | Penalty | Final |\n|---|---:|---|---:|---:|\n";
    for (const auto& lab : report.labs) {
      out += fmt::format("| {} | {} | {} | {} | {} |\n", md_escape(lab.lab), number(lab.score),
                         lab.passed ? "yes" : "no", number(lab.penalty), number(lab.final_score));
    }
  }
  out += fmt::format("\nSubmission `{}`", one_line(report.submission));
  if (!report.submitted_at.empty()) out += fmt::format(", submitted {}", md_escape(report.submitted_at));
  out += "\n\n";
  for (const auto& lab : report.labs) markdown_lab(out, lab, options);
  return out;
}

}  // namespace dslab::report
