// The terminal table and the JSON report of the similarity check (see render.hpp).
#include "grader/similarity/render.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "runtime/text/clean.hpp"

namespace dslab::similarity {
namespace {

std::string percent(double share) { return fmt::format("{:.0f}%", std::floor(share * 100 + 0.5)); }

// A name for a table cell: one clean line, at most `width` columns (cut with "~").
std::string cell(const std::string& name, std::size_t width) {
  std::string s = text::clean_line(name);
  if (s.size() > width) s = s.substr(0, width - 1) + "~";
  if (!text::is_valid_utf8(s)) s = text::clean_line(s);  // a cut inside a character
  return s;
}

}  // namespace

std::vector<std::size_t> listed_pairs(const Report& r) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < r.outcome.pairs.size(); ++i) {
    if (r.outcome.pairs[i].score() * 100 + 1e-9 >= r.threshold) out.push_back(i);
  }
  return out;
}

std::string render_table(const Report& r) {
  const Params& p = r.outcome.params;
  std::size_t archived = 0;
  for (const auto& s : r.submissions) archived += s.archived;
  const std::vector<std::size_t> listed = listed_pairs(r);
  std::string out = fmt::format(
      "Similarity of {}: {} submissions ({} archived); k={} w={} (every shared run of {}+ tokens "
      "is found)\n{} pairs share code; {} at or above {}%.\n",
      r.lab, r.submissions.size(), archived, p.k, p.w, p.w + p.k - 1, r.outcome.pairs.size(),
      listed.size(), r.threshold);
  if (!listed.empty()) {
    out += fmt::format("\n{:>4}  {:>5}  {:<28} {:>5}  {:<28} {:>5}  {:>7}\n", "rank", "score", "a",
                       "of a", "b", "of b", "longest");
  }
  for (std::size_t n = 0; n < listed.size(); ++n) {
    const PairResult& pr = r.outcome.pairs[listed[n]];
    out += fmt::format("{:>4}  {:>5}  {:<28} {:>5}  {:<28} {:>5}  {:>7}\n", n + 1,
                       percent(pr.score()), cell(r.submissions[pr.a].name, 28), percent(pr.share_a),
                       cell(r.submissions[pr.b].name, 28), percent(pr.share_b),
                       fmt::format("{} tok", pr.longest_run));
  }
  bool header = false;
  for (const auto& s : r.submissions) {
    if (s.refused.empty() && s.notes.empty()) continue;
    if (!header) out += "\nLeft out:\n";
    header = true;
    if (!s.refused.empty())
      out += fmt::format("  {}: not compared: {}\n", cell(s.name, 40), text::clean_line(s.refused));
    for (const auto& note : s.notes)
      out += fmt::format("  {}: {}\n", cell(s.name, 40), text::clean_line(note));
  }
  return out;
}

std::string render_json(const Report& r) {
  const Params& p = r.outcome.params;
  nlohmann::json subs = nlohmann::json::array();
  for (std::size_t i = 0; i < r.submissions.size(); ++i) {
    const Submission& s = r.submissions[i];
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : s.files) files.push_back(f.name);
    const SubmissionStats& st = r.outcome.stats[i];
    subs.push_back({{"name", s.name},
                    {"dir", s.dir.string()},
                    {"archived", s.archived},
                    {"files", files},
                    {"notes", s.notes},
                    {"refused", s.refused},
                    {"tokens", st.tokens},
                    {"own_tokens", st.own_tokens},
                    {"fingerprints", st.fingerprints}});
  }
  nlohmann::json pairs = nlohmann::json::array();
  for (std::size_t n : listed_pairs(r)) {
    const PairResult& pr = r.outcome.pairs[n];
    nlohmann::json regions = nlohmann::json::array();
    for (const Region& g : pr.regions) {
      regions.push_back({{"file_a", r.submissions[pr.a].files[g.file_a].name},
                         {"lines_a", {g.first_line_a, g.last_line_a}},
                         {"file_b", r.submissions[pr.b].files[g.file_b].name},
                         {"lines_b", {g.first_line_b, g.last_line_b}},
                         {"tokens", g.tokens}});
    }
    pairs.push_back({{"a", r.submissions[pr.a].name},
                     {"b", r.submissions[pr.b].name},
                     {"score", pr.score()},
                     {"share_a", pr.share_a},
                     {"share_b", pr.share_b},
                     {"longest_run", pr.longest_run},
                     {"regions", regions}});
  }
  const nlohmann::json doc = {
      {"lab", r.lab},
      {"params",
       {{"k", p.k}, {"w", p.w}, {"guaranteed_run", p.w + p.k - 1}, {"max_tokens", p.max_tokens}}},
      {"threshold_percent", r.threshold},
      {"pairs_sharing_code", r.outcome.pairs.size()},
      {"submissions", subs},
      {"pairs", pairs}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace dslab::similarity
