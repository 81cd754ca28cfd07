// Helpers shared by the report renderers (internal to grader/report).
#pragma once

#include <string>

#include "grader/report/render.hpp"

namespace dslab::report {

/// True when `t` is hidden and the output is student-facing: reason/detail/seed/replay withheld.
bool withhold_detail(const TestResult& t, const RenderOptions& options);
/// The build log as the audience may see it: student-facing output withholds a log that
/// mentions hidden test files (compiler errors quote the source they point at).
std::string visible_build_log(const LabResult& lab, const RenderOptions& options);
int earned_points(const LabResult& lab);
int total_points(const LabResult& lab);
/// A number as the shortest text that reads back the same ("60", "66.67").
std::string number(double v);
/// The run time of a test for a table cell: "420ms", "12.3s", or "-" when it did not run.
std::string wall_time(const TestResult& t);
/// Any text for a report: clean UTF-8 without control characters (runtime/text/clean.hpp);
/// `multiline` keeps line breaks. Every writer passes what it shows through this (or one_line).
std::string clean(const std::string& s, bool multiline = true);
/// clean() on one line: line breaks and tabs become spaces.
inline std::string one_line(const std::string& s) { return clean(s, false); }
/// "PASS" / "FAIL" / "-" marks by status.
const char* status_mark(TestStatus s);

}  // namespace dslab::report
