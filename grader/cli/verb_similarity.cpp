// `dslab similarity`: ranks pairs of submissions of one lab by the code they share beyond the
// skeleton, with a terminal table, JSON, or an HTML page showing the shared parts side by side.
#include <fmt/format.h>

#include <cmath>
#include <cxxopts.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "grader/cli/paths.hpp"
#include "grader/cli/verb.hpp"
#include "grader/manifest/diagnostics.hpp"
#include "grader/manifest/lab_manifest.hpp"
#include "grader/similarity/compare.hpp"
#include "grader/similarity/corpus.hpp"
#include "grader/similarity/render.hpp"

namespace {
namespace fs = std::filesystem;
using namespace dslab;

constexpr int kDone = 0;
constexpr int kUsageOrInputError = 2;

cxxopts::Options make_options() {
  cxxopts::Options o(
      "dslab similarity",
      "Ranks pairs of submissions of LAB by the code they share, leaving out what comes from the "
      "skeleton, the lab's public API and its handout (and every --base). A submission is a folder "
      "holding LAB/<files> or the lab's student files directly (as `dslab grade` takes it).\n"
      "usage: dslab similarity LAB --submissions DIR... [--archive DIR] [--base PATH]... "
      "[--threshold P] [--format table|json|html] [--out FILE]\n"
      "The submission folders follow LAB, after --submissions or not.\n"
      "Exit status: 0 report written, 2 usage or input error.");
  o.add_options()("lab", "the lab id (labs/<lab>/lab.toml)", cxxopts::value<std::string>())(
      "submissions", "submission folders (one per student or group; e.g. class/*)",
      cxxopts::value<std::vector<std::string>>())(
      "archive",
      "a folder of past submissions (one folder each): compared with the current "
      "ones, not with each other; may be repeated",
      cxxopts::value<std::vector<std::string>>())(
      "base",
      "more code everybody may share (a file or a folder; Markdown: its code blocks); "
      "may be repeated",
      cxxopts::value<std::vector<std::string>>())(
      "threshold", "list only pairs whose score (the larger share) reaches P percent",
      cxxopts::value<double>()->default_value("20"))(
      "format", "table, json or html", cxxopts::value<std::string>()->default_value("table"))(
      "out", "write the report to FILE instead of stdout", cxxopts::value<std::string>())(
      "kgram", "k: tokens per fingerprinted k-gram (no shorter run is ever matched)",
      cxxopts::value<int>()->default_value(std::to_string(similarity::Params{}.k)))(
      "window", "w: winnowing window (every shared run of w+k-1 tokens is found)",
      cxxopts::value<int>()->default_value(std::to_string(similarity::Params{}.w)))(
      "jobs", "worker threads (0: one per core)", cxxopts::value<unsigned>()->default_value("0"))(
      "source", "the course source tree (labs/, skeletons/)", cxxopts::value<std::string>())(
      "h,help", "show this help");
  o.parse_positional({"lab", "submissions"});
  o.positional_help("LAB [DIR...]");
  return o;
}

int usage_error(const std::string& message) {
  std::cerr << "dslab similarity: " << message << " (dslab similarity --help)\n";
  return kUsageOrInputError;
}

// Two folders with the same name (2025/alice, 2026/alice) are told apart by their path.
void unique_names(std::vector<similarity::Submission>& subs) {
  std::map<std::string, int> seen;
  for (const auto& s : subs) ++seen[s.name];
  for (auto& s : subs) {
    if (seen[s.name] > 1) s.name = (s.archived ? "archive/" : "") + s.dir.generic_string();
  }
}

std::vector<std::string> strings(const cxxopts::ParseResult& args, const char* name) {
  return args.count(name) != 0U ? args[name].as<std::vector<std::string>>()
                                : std::vector<std::string>{};
}

std::string render(const similarity::Report& report, const std::string& format) {
  if (format == "table") return similarity::render_table(report);
  if (format == "json") return similarity::render_json(report);
  return similarity::render_html(report);
}

int run(const cxxopts::ParseResult& args) {
  const std::string format = args["format"].as<std::string>();
  if (format != "table" && format != "json" && format != "html")
    return usage_error("--format must be table, json or html");
  const double threshold = args["threshold"].as<double>();
  if (!std::isfinite(threshold) || threshold < 0 || threshold > 100)
    return usage_error("--threshold must be 0 to 100");
  similarity::Params params;
  params.k = args["kgram"].as<int>();
  params.w = args["window"].as<int>();
  params.threads = args["jobs"].as<unsigned>();
  if (params.k < 1 || params.k > 200 || params.w < 1 || params.w > 200) {
    return usage_error("--kgram and --window must be 1 to 200");
  }
  const fs::path source =
      cli::source_root(args.count("source") != 0U ? args["source"].as<std::string>() : "");
  const std::string lab = args["lab"].as<std::string>();
  if (!fs::is_regular_file(source / "labs" / lab / "lab.toml"))
    return usage_error(manifest::unknown_lab(source / "labs", lab));
  const manifest::LabManifest m = manifest::load_lab(source / "labs" / lab);
  std::vector<similarity::Submission> subs;
  for (const auto& dir : strings(args, "submissions"))
    subs.push_back(similarity::load_submission(m, dir));
  if (subs.empty()) return usage_error("no submission folders given (--submissions DIR...)");
  for (const auto& dir : strings(args, "archive")) {
    for (auto& s : similarity::load_archive(m, dir)) subs.push_back(std::move(s));
  }
  unique_names(subs);
  std::vector<fs::path> extra;
  for (const auto& p : strings(args, "base")) extra.emplace_back(p);
  const auto base = similarity::load_base(m, source, extra);
  const similarity::Outcome outcome = similarity::compare(subs, base, params);
  const similarity::Report report{
      .lab = lab, .submissions = subs, .outcome = outcome, .threshold = threshold};
  const std::string text = render(report, format);
  if (args.count("out") == 0U) {
    std::cout << text;
    return kDone;
  }
  const std::string out = args["out"].as<std::string>();
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file << text;
  if (!file) throw std::runtime_error("cannot write " + out);
  std::cerr << fmt::format("dslab similarity: wrote {} ({} of {} pairs at or above {}%)\n", out,
                           similarity::listed_pairs(report).size(), outcome.pairs.size(),
                           threshold);
  return kDone;
}

int similarity_main(int argc, char** argv) {
  cxxopts::Options opts = make_options();
  cxxopts::ParseResult args;
  try {
    args = opts.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    return usage_error(e.what());
  }
  if (args.count("help") != 0U) {
    std::cout << opts.help() << "\n";
    return kDone;
  }
  if (args.count("lab") == 0U) return usage_error("LAB is required");
  try {
    return run(args);
  } catch (const std::exception& e) {  // InputError, ManifestError: they name the path
    std::cerr << "dslab similarity: error: " << e.what() << "\n";
    return kUsageOrInputError;
  }
}

const dslab::cli::Registration kRegistration{
    {"similarity",
     "rank pairs of submissions by shared code (beyond the skeleton); table, JSON, HTML",
     similarity_main}};

}  // namespace
