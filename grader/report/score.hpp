// Scoring keyed by the manifest: every manifest test starts at 0/missing; results decide nothing else.
#pragma once

#include <span>
#include <string>

#include "grader/manifest/lab_manifest.hpp"
#include "grader/report/result.hpp"

namespace dslab::report {

/// Scores a lab. For every manifest test, the result of the same name is taken (points,
/// visibility and property always come from the manifest; reason/detail are bounded); a test
/// without a result is kMissing with 0 points. Results for names the manifest does not list are
/// ignored and noted in LabResult::notes; a name reported twice keeps its worst status.
/// Postcondition: score = earned/total × 100 rounded to 2 decimals; passed = score > threshold;
/// penalty = 0; final_score = score.
LabResult score_lab(const manifest::LabManifest& manifest, std::span<const TestResult> results);

/// The result of a lab whose build failed: every test kBuildFailed with 0 points, the score 0,
/// and the first part of the compiler output (bounded) as build_log_excerpt.
LabResult build_failed(const manifest::LabManifest& manifest, const std::string& build_log);

/// `text` cleaned (runtime/text: valid UTF-8, no control characters but line breaks) and bounded
/// to `max_bytes` (the cut marker included), cut at the end of a line when the first line fits.
std::string bound_text(const std::string& text, std::size_t max_bytes);

}  // namespace dslab::report
