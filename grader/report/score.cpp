// Manifest-keyed scoring of test results.
#include "grader/report/score.hpp"

#include <map>

#include <fmt/format.h>

#include "runtime/text/clean.hpp"

namespace dslab::report {
namespace {

// Higher is worse: a duplicate name keeps the worst of its results.
int severity(TestStatus s) {
  switch (s) {
    case TestStatus::kPassed: return 0;
    case TestStatus::kMissing: return 1;
    case TestStatus::kFailed: return 2;
    case TestStatus::kNondeterministic: return 3;
    case TestStatus::kIsolation: return 3;
    case TestStatus::kTimeout: return 4;
    case TestStatus::kCrashed: return 5;
    case TestStatus::kBuildFailed: return 6;
    case TestStatus::kSandboxViolation: return 7;
  }
  return 7;
}

std::string first_line(const std::string& text) {
  return text::clean_line(text::first_lines(text, 1), kMaxReasonBytes);
}

TestResult from_manifest(const manifest::TestSpec& spec) {
  TestResult r;
  r.name = spec.name;
  r.points = spec.points;
  r.visibility = spec.visibility;
  r.property = spec.property;
  r.status = TestStatus::kMissing;
  r.reason = "no result was reported for this test";
  return r;
}

LabResult empty_result(const manifest::LabManifest& m) {
  LabResult lab;
  lab.lab = m.id;
  lab.title = m.title;
  lab.kind = m.kind;
  lab.pass_threshold = m.pass_threshold;
  return lab;
}

void finish_score(LabResult& lab) {
  int total = 0;
  int earned = 0;
  for (const auto& t : lab.tests) {
    total += t.points;
    earned += t.earned;
  }
  lab.score = total > 0 ? round2(100.0 * earned / total) : 0.0;
  lab.passed = lab.score > lab.pass_threshold;
  apply_penalty(lab, 0);
}

}  // namespace

std::string bound_text(const std::string& text, std::size_t max_bytes) {
  return text::clean_text(text, {.multiline = true, .max_bytes = max_bytes});
}

LabResult score_lab(const manifest::LabManifest& manifest, std::span<const TestResult> results) {
  std::map<std::string, const TestResult*> by_name;
  LabResult lab = empty_result(manifest);
  for (const auto& r : results) {
    if (manifest.find_test(r.name) == nullptr) {
      lab.notes.push_back(fmt::format("ignored a result for \"{}\": not a test of the manifest",
                                      bound_text(r.name, 120)));
      continue;
    }
    auto [it, inserted] = by_name.emplace(r.name, &r);
    if (!inserted) {
      lab.notes.push_back(fmt::format("\"{}\" was reported more than once; the worst result counts", r.name));
      if (severity(r.status) > severity(it->second->status)) it->second = &r;
    }
  }
  for (const auto& spec : manifest.tests) {
    TestResult t = from_manifest(spec);
    if (const auto it = by_name.find(spec.name); it != by_name.end()) {
      const TestResult& got = *it->second;
      t.status = got.status;
      t.reason = first_line(got.reason);
      t.detail = bound_text(got.detail, kMaxDetailBytes);
      t.seed = got.seed;
      t.replay = got.replay ? std::optional(first_line(*got.replay)) : std::nullopt;
      t.wall_ms = got.wall_ms;
      t.test_ms = got.test_ms;
    }
    t.earned = t.status == TestStatus::kPassed ? t.points : 0;
    lab.tests.push_back(std::move(t));
  }
  finish_score(lab);
  return lab;
}

LabResult build_failed(const manifest::LabManifest& manifest, const std::string& build_log) {
  LabResult lab = empty_result(manifest);
  for (const auto& spec : manifest.tests) {
    TestResult t = from_manifest(spec);
    t.status = TestStatus::kBuildFailed;
    t.reason = "the submission did not compile";
    lab.tests.push_back(std::move(t));
  }
  lab.build_log_excerpt = bound_text(build_log, kMaxBuildLogBytes);
  finish_score(lab);
  return lab;
}

}  // namespace dslab::report
