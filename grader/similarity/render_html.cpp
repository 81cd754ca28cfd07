// The HTML report of the similarity check (see render.hpp): one page, inline CSS, no script.
// Everything from a submission passes through html_escape().
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "grader/similarity/render.hpp"
#include "runtime/text/clean.hpp"

namespace dslab::similarity {
namespace {

constexpr int kColours = 6;

constexpr const char* kStyle = R"css(
body { font-family: sans-serif; margin: 1.5em; color: #222; }
table.rank { border-collapse: collapse; }
table.rank td, table.rank th { border: 1px solid #ccc; padding: 2px 8px; text-align: left; }
.sides { display: flex; gap: 1em; align-items: flex-start; }
.side { flex: 1 1 0; min-width: 0; overflow-x: auto; }
pre { font-size: 12px; line-height: 1.35; margin: 0 0 1em 0; border: 1px solid #ddd; }
pre span.l { display: block; white-space: pre; }
pre span.n { color: #999; display: inline-block; width: 4em; text-align: right; margin-right: 1em; }
a.m { color: inherit; text-decoration: none; display: block; }
.m0 { background: #ffe08a; } .m1 { background: #a8e6a3; } .m2 { background: #a9d2f5; }
.m3 { background: #f5b3c9; } .m4 { background: #d3bdf2; } .m5 { background: #f8c99a; }
.note { color: #a33; }
)css";

std::string pct(double share) { return fmt::format("{:.0f}%", std::floor(share * 100 + 0.5)); }

// One file of one side: every line, those of a region highlighted and linked to the other side.
void render_file(std::ostringstream& out, const SourceFile& file, std::size_t file_index,
                 const PairResult& pr, bool side_a, const std::string& id) {
  const char* mine = side_a ? "a" : "b";
  const char* other = side_a ? "b" : "a";
  std::vector<int> region_of;        // per line (1-based): the first region on it, or -1
  std::vector<std::string> anchors;  // per line: the anchors of the regions starting there
  for (std::size_t g = 0; g < pr.regions.size(); ++g) {
    const Region& r = pr.regions[g];
    if ((side_a ? r.file_a : r.file_b) != file_index) continue;
    const std::uint32_t lo = side_a ? r.first_line_a : r.first_line_b;
    const std::uint32_t hi = side_a ? r.last_line_a : r.last_line_b;
    if (region_of.size() <= hi) region_of.resize(hi + 1, -1), anchors.resize(hi + 1);
    anchors[lo] += fmt::format("<span id=\"{}-{}{}\"></span>", id, mine, g);
    for (std::uint32_t l = lo; l <= hi; ++l) {
      if (region_of[l] < 0) region_of[l] = static_cast<int>(g);
    }
  }
  out << "<h4>" << html_escape(file.name) << "</h4>\n<pre>";
  std::istringstream in(file.text);
  std::string line;
  for (std::uint32_t n = 1; std::getline(in, line); ++n) {
    const int g = n < region_of.size() ? region_of[n] : -1;
    const std::string body = fmt::format("<span class=\"n\">{}</span>{}", n, html_escape(line));
    if (g < 0) {
      out << "<span class=\"l\">" << body << "</span>";
    } else {
      out << fmt::format("{}<a class=\"m m{}\" href=\"#{}-{}{}\"><span class=\"l\">{}</span></a>",
                         anchors[n], g % kColours, id, other, g, body);
    }
  }
  out << "</pre>\n";
}

// One side of a pair: the files that hold a region.
void render_side(std::ostringstream& out, const Submission& s, const PairResult& pr, bool side_a,
                 const std::string& id) {
  out << "<div class=\"side\"><h3>" << html_escape(s.name) << "</h3>\n";
  for (std::size_t f = 0; f < s.files.size(); ++f) {
    const bool has = std::any_of(pr.regions.begin(), pr.regions.end(), [&](const Region& r) {
      return (side_a ? r.file_a : r.file_b) == f;
    });
    if (has) render_file(out, s.files[f], f, pr, side_a, id);
  }
  out << "</div>\n";
}

void render_pair(std::ostringstream& out, const Report& r, std::size_t rank, const PairResult& pr) {
  const std::string id = fmt::format("p{}", rank);
  const Submission& a = r.submissions[pr.a];
  const Submission& b = r.submissions[pr.b];
  out << fmt::format("<section id=\"{}\"><h2>{}. {} ({}) and {} ({})</h2>\n", id, rank,
                     html_escape(a.name), pct(pr.share_a), html_escape(b.name), pct(pr.share_b));
  out << fmt::format(
      "<p>Longest shared run: {} tokens. Regions (click one to jump to its match):</p>\n<ol>",
      pr.longest_run);
  for (std::size_t g = 0; g < pr.regions.size(); ++g) {
    const Region& x = pr.regions[g];
    out << fmt::format(
        "<li><a class=\"m{}\" href=\"#{}-a{}\">{} lines {}-{}</a> = <a class=\"m{}\" "
        "href=\"#{}-b{}\">{} lines {}-{}</a> ({} tokens)</li>",
        g % kColours, id, g, html_escape(a.files[x.file_a].name), x.first_line_a, x.last_line_a,
        g % kColours, id, g, html_escape(b.files[x.file_b].name), x.first_line_b, x.last_line_b,
        x.tokens);
  }
  out << "</ol>\n<div class=\"sides\">\n";
  render_side(out, a, pr, true, id);
  render_side(out, b, pr, false, id);
  out << "</div><p><a href=\"#top\">back to the ranking</a></p></section>\n";
}

}  // namespace

std::string html_escape(const std::string& raw) {
  const std::string clean = text::clean_text(raw);
  std::string out;
  out.reserve(clean.size());
  for (char c : clean) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_html(const Report& r) {
  const Params& p = r.outcome.params;
  const std::vector<std::size_t> listed = listed_pairs(r);
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Similarity of "
      << html_escape(r.lab) << "</title>\n<style>" << kStyle
      << "</style></head>\n<body id=\"top\">\n";
  out << fmt::format(
      "<h1>Similarity of {}</h1>\n<p>{} submissions; k = {} tokens, window w = {}: every "
      "shared run of {} tokens or more is found, none shorter than {}. Code of the "
      "skeleton, the public API and the handout is not counted. {} pairs share code; {} "
      "reach {}%.</p>\n",
      html_escape(r.lab), r.submissions.size(), p.k, p.w, p.w + p.k - 1, p.k,
      r.outcome.pairs.size(), listed.size(), r.threshold);
  out << "<table class=\"rank\"><tr><th>#</th><th>score</th><th>a</th><th>of "
         "a</th><th>b</th><th>of b</th>"
         "<th>longest run</th></tr>\n";
  for (std::size_t n = 0; n < listed.size(); ++n) {
    const PairResult& pr = r.outcome.pairs[listed[n]];
    const std::string name = n < r.max_detailed_pairs
                                 ? fmt::format("<a href=\"#p{}\">{}</a>", n + 1, n + 1)
                                 : std::to_string(n + 1);
    out << fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} "
        "tokens</td></tr>\n",
        name, pct(pr.score()), html_escape(r.submissions[pr.a].name), pct(pr.share_a),
        html_escape(r.submissions[pr.b].name), pct(pr.share_b), pr.longest_run);
  }
  out << "</table>\n";
  if (listed.size() > r.max_detailed_pairs) {
    out << fmt::format("<p>The first {} pairs are shown side by side below.</p>\n",
                       r.max_detailed_pairs);
  }
  for (const auto& s : r.submissions) {
    if (!s.refused.empty())
      out << "<p class=\"note\">" << html_escape(s.name)
          << ": not compared: " << html_escape(s.refused) << "</p>\n";
    for (const auto& note : s.notes)
      out << "<p class=\"note\">" << html_escape(s.name) << ": " << html_escape(note) << "</p>\n";
  }
  for (std::size_t n = 0; n < listed.size() && n < r.max_detailed_pairs; ++n) {
    render_pair(out, r, n + 1, r.outcome.pairs[listed[n]]);
  }
  out << "</body></html>\n";
  return out.str();
}

}  // namespace dslab::similarity
