// The reports of the similarity check: a terminal table, JSON for scripts, and a self-contained
// HTML page with the two sides of each pair next to each other, matching regions highlighted.
#pragma once

#include <string>
#include <vector>

#include "grader/similarity/compare.hpp"
#include "grader/similarity/corpus.hpp"

namespace dslab::similarity {

/// What every report shows.
struct Report {
  std::string lab;
  const std::vector<Submission>& submissions;
  const Outcome& outcome;
  double threshold = 0;                 ///< percent: only pairs whose score reaches it are listed
  std::size_t max_detailed_pairs = 50;  ///< HTML: pairs shown side by side (the highest ranked)
};

/// The pairs of `report` at or above its threshold, in rank order (indexes into outcome.pairs).
std::vector<std::size_t> listed_pairs(const Report& report);

/// A table for the terminal (lines of at most 100 columns), then what was left out and why.
std::string render_table(const Report& report);
/// The machine format: parameters, submissions (with notes), listed pairs with their regions.
/// Valid UTF-8 JSON whatever bytes the submissions hold.
std::string render_json(const Report& report);
/// One HTML page, no script and nothing loaded from elsewhere. Every byte taken from a
/// submission (names, file names, code) is cleaned and escaped: it cannot add markup.
std::string render_html(const Report& report);

/// `text` with & < > " ' as HTML character references, after dslab::text::clean_text().
std::string html_escape(const std::string& text);

}  // namespace dslab::similarity
