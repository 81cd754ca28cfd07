// The similarity check itself: fingerprints every submission (in parallel, with a deterministic
// result), removes what the base holds, and ranks pairs by the share of each side's own code
// found in the other and by their longest shared run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "grader/similarity/corpus.hpp"

namespace dslab::similarity {

/// The knobs of the check. The defaults were chosen by measurement (grader/similarity/README.md).
struct Params {
  int k = 16;  ///< k-gram length in tokens: no run shorter than this is ever matched
  int w = 8;   ///< winnowing window: every shared run of w + k - 1 tokens or more is found
  unsigned threads = 0;  ///< worker threads; 0: one per core
  /// Tokens read per submission; the rest is left out with a note (a hostile file's bound).
  std::size_t max_tokens = 400'000;
  std::size_t max_regions = 40;  ///< matching regions kept per pair (the longest)
};

/// One matching region of a pair: a run of equal tokens in one file of each side.
struct Region {
  std::size_t file_a = 0, file_b = 0;  ///< indexes into the submissions' files
  std::uint32_t first_line_a = 0, last_line_a = 0;
  std::uint32_t first_line_b = 0, last_line_b = 0;
  std::uint32_t tokens = 0;  ///< tokens of the run outside the base (the side with more)
};

/// How much two submissions share.
struct PairResult {
  std::size_t a = 0, b = 0;  ///< indexes into the submissions (a < b; an archived one is b)
  double share_a = 0;  ///< of a's own tokens (outside the base), the fraction found in b, 0..1
  double share_b = 0;  ///< the same for b
  std::uint32_t longest_run = 0;  ///< the longest shared run, in tokens outside the base (0: none)
  std::vector<Region> regions;    ///< the longest non-overlapping runs, longest first
  /// The ranking key: the larger share (a copy of part of a big solution still stands out).
  double score() const { return share_a > share_b ? share_a : share_b; }
};

/// Per-submission facts for the reports.
struct SubmissionStats {
  std::size_t tokens = 0;        ///< tokens read
  std::size_t own_tokens = 0;    ///< of those, outside the base
  std::size_t fingerprints = 0;  ///< selected fingerprints outside the base
};

/// The outcome: every pair that shares anything, ranked (score, then longest run, then names).
struct Outcome {
  std::vector<SubmissionStats> stats;  ///< one per submission, in input order
  std::vector<PairResult> pairs;
  Params params;
};

/// Compares every pair of current submissions, and every current submission with every archived
/// one (archived ones never with each other). Refused submissions take part in nothing. Notes
/// about truncated token streams are appended to `submissions`. Deterministic: the result does
/// not depend on `params.threads`. Pre: params.k >= 1, params.w >= 1.
Outcome compare(std::vector<Submission>& submissions, const std::vector<SourceFile>& base,
                const Params& params);

}  // namespace dslab::similarity
