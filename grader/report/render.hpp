// Renderers of a GradeReport: terminal table, JSON (machine format), Markdown, JUnit XML.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "grader/report/result.hpp"

namespace dslab::report {

/// Who reads the output. Student-facing output of a hidden test shows its name, points, status
/// and property only: never reason, detail, seed or replay (they come from the test's code/data).
struct RenderOptions {
  bool student_facing = false;
  /// A student's local run (`dslab test`): only public tests ran, so lab headers show the public
  /// points and the hidden points the course grades, never a lab score, pass/fail or final.
  bool local_run = false;
};

/// Aligned plain-text table for a terminal (ASCII only, so columns line up everywhere).
std::string render_table(const GradeReport& report, const RenderOptions& options = {});

/// The JSON document (schema "dslab-report/1", docs/report-schema.md). Keys are in a fixed
/// order; identical reports give byte-identical text (graded_at and the tests' wall_ms/test_ms
/// are the only run-dependent fields).
nlohmann::ordered_json to_json(const GradeReport& report, const RenderOptions& options = {});
/// to_json(...).dump(2) plus a final newline.
std::string render_json(const GradeReport& report, const RenderOptions& options = {});

/// Reads a report written by render_json. Throws std::invalid_argument on a malformed document.
GradeReport report_from_json(const nlohmann::json& doc);

/// GitHub-flavoured Markdown (for $GITHUB_STEP_SUMMARY).
std::string render_markdown(const GradeReport& report, const RenderOptions& options = {});

/// JUnit XML: one <testsuite> per lab, one <testcase> per manifest test; well-formed and escaped.
std::string render_junit(const GradeReport& report, const RenderOptions& options = {});

/// "sha256:<hex>" of the report's JSON with graded_at and run times blanked: equal for equal
/// grading outcomes.
std::string report_digest(const GradeReport& report);

/// SHA-256 of `data` as 64 lowercase hex digits.
std::string sha256_hex(const std::string& data);

}  // namespace dslab::report
