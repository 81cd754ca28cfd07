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
/// "PASS" / "FAIL" / "-" marks by status.
const char* status_mark(TestStatus s);

}  // namespace dslab::report
