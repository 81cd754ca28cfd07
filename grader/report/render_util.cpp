// Helpers shared by the report renderers.
#include "grader/report/render_util.hpp"

#include <fmt/format.h>

#include "runtime/text/clean.hpp"

namespace dslab::report {

bool withhold_detail(const TestResult& t, const RenderOptions& options) {
  return options.student_facing && t.visibility == manifest::Visibility::kHidden;
}

std::string visible_build_log(const LabResult& lab, const RenderOptions& options) {
  if (!options.student_facing || lab.build_log_excerpt.find("hidden") == std::string::npos) {
    return lab.build_log_excerpt;
  }
  return "(the build log mentions hidden test files and is withheld; build the public tests "
         "locally to see the compiler errors)";
}

int earned_points(const LabResult& lab) {
  int sum = 0;
  for (const auto& t : lab.tests) sum += t.earned;
  return sum;
}

int total_points(const LabResult& lab) {
  int sum = 0;
  for (const auto& t : lab.tests) sum += t.points;
  return sum;
}

std::string wall_time(const TestResult& t) {
  if (!t.wall_ms) return "-";
  const std::int64_t ms = *t.wall_ms;
  if (ms < 1000) return fmt::format("{}ms", ms);
  return fmt::format("{}.{}s", ms / 1000, (ms % 1000) / 100);
}

std::string clean(const std::string& s, bool multiline) {
  return text::clean_text(s, {.multiline = multiline, .max_bytes = 0});
}

std::string number(double v) { return fmt::format("{}", v); }

const char* status_mark(TestStatus s) { return s == TestStatus::kPassed ? "ok" : "FAIL"; }

}  // namespace dslab::report
