// JUnit XML rendering of a grade report (one testsuite per lab, one testcase per manifest test).
#include <fmt/format.h>

#include "grader/report/render.hpp"
#include "grader/report/render_util.hpp"

namespace dslab::report {
namespace {

// Escapes for attribute and text content, after clean() removed what XML 1.0 forbids (invalid
// UTF-8, control characters, U+FFFE/U+FFFF).
std::string xml_escape(const std::string& raw) {
  std::string out;
  for (char c : clean(raw)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += "&#10;"; break;
      case '\t': out += "&#9;"; break;
      case '\r': out += "&#13;"; break;
      default:
        out += c;
    }
  }
  return out;
}

bool is_error(TestStatus s) {
  return s == TestStatus::kCrashed || s == TestStatus::kSandboxViolation || s == TestStatus::kBuildFailed;
}

void testcase(std::string& out, const std::string& lab, const TestResult& t, const RenderOptions& options) {
  const auto dot = t.name.find('.');
  const std::string suite = dot == std::string::npos ? t.name : t.name.substr(0, dot);
  const std::string name = dot == std::string::npos ? t.name : t.name.substr(dot + 1);
  const std::int64_t ms = t.wall_ms.value_or(0);
  out += fmt::format("    <testcase classname=\"{}.{}\" name=\"{}\" time=\"{}.{:03}\"", xml_escape(lab),
                     xml_escape(suite), xml_escape(name), ms / 1000, ms % 1000);
  if (t.status == TestStatus::kPassed) {
    out += "/>\n";
    return;
  }
  out += ">\n";
  const bool hide = withhold_detail(t, options);
  const std::string message = hide ? std::string(to_string(t.status)) : t.reason;
  std::string body = hide ? "property: " + t.property : t.detail;
  const auto append = [&body](const std::string& line) { body += (body.empty() ? "" : "\n") + line; };
  if (!hide && t.seed) append(fmt::format("seed={}", *t.seed));
  if (!hide && t.replay) append("replay: " + *t.replay);
  out += fmt::format("      <{} type=\"{}\" message=\"{}\">{}</{}>\n", is_error(t.status) ? "error" : "failure",
                     to_string(t.status), xml_escape(message), xml_escape(body), is_error(t.status) ? "error" : "failure");
  out += "    </testcase>\n";
}

}  // namespace

std::string render_junit(const GradeReport& report, const RenderOptions& options) {
  int tests = 0;
  int failures = 0;
  int errors = 0;
  std::string suites;
  for (const auto& lab : report.labs) {
    int lab_failures = 0;
    int lab_errors = 0;
    for (const auto& t : lab.tests) {
      if (t.status == TestStatus::kPassed) continue;
      ++(is_error(t.status) ? lab_errors : lab_failures);
    }
    tests += static_cast<int>(lab.tests.size());
    failures += lab_failures;
    errors += lab_errors;
    suites += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\">\n",
                          xml_escape(lab.lab), lab.tests.size(), lab_failures, lab_errors);
    suites += fmt::format("    <properties>\n      <property name=\"score\" value=\"{}\"/>\n"
                          "      <property name=\"passed\" value=\"{}\"/>\n"
                          "      <property name=\"final_score\" value=\"{}\"/>\n    </properties>\n",
                          number(lab.score), lab.passed ? "true" : "false", number(lab.final_score));
    for (const auto& t : lab.tests) testcase(suites, lab.lab, t, options);
    suites += "  </testsuite>\n";
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<testsuites name=\"dslab\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n{}</testsuites>\n",
                     tests, failures, errors, suites);
}

}  // namespace dslab::report
