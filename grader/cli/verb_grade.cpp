// `dslab grade`: grade a submission's labs in the sandbox and print or write the report.
#include <fmt/format.h>

#include <chrono>
#include <cxxopts.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "grader/cli/paths.hpp"
#include "grader/cli/verb.hpp"
#include "grader/grading/grade.hpp"
#include "grader/ledger/ledger.hpp"
#include "grader/ledger/standing.hpp"
#include "grader/ledger/store.hpp"
#include "grader/manifest/course.hpp"
#include "grader/manifest/time_zone.hpp"
#include "grader/report/render.hpp"

namespace {
namespace fs = std::filesystem;
using namespace dslab;

std::string now_utc() {
  return manifest::format_utc(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

sandbox::Backend parse_backend(const std::string& s) {
  if (s == "auto") return sandbox::Backend::kAuto;
  if (s == "bwrap") return sandbox::Backend::kBwrap;
  if (s == "unshare") return sandbox::Backend::kUnshare;
  if (s == "none") return sandbox::Backend::kNone;
  throw std::invalid_argument("--backend must be auto, bwrap, unshare or none");
}

// Records every lab in the ledger and applies the slip-day penalty the ledger computes.
void record_in_ledger(report::GradeReport& report, const cxxopts::ParseResult& args,
                      const fs::path& source) {
  const fs::path course_file =
      cli::course_file(args.count("course") != 0U ? args["course"].as<std::string>() : "", source.string());
  const auto course = manifest::load_course(course_file);
  if (args.count("student") == 0U || args.count("submitted-at") == 0U) {
    throw std::invalid_argument("--ledger needs --student and --submitted-at");
  }
  const std::string student = args["student"].as<std::string>();
  const auto at = manifest::parse_instant(args["submitted-at"].as<std::string>());
  ledger::LedgerStore store(args["ledger"].as<std::string>());
  const std::string digest = report::report_digest(report);
  store.update(course, [&](ledger::Ledger& l) {
    for (const auto& lab : report.labs) {
      ledger::Submission s;
      s.submitted_at = at;
      s.graded_at = report.graded_at;
      s.score = lab.score;
      s.pass_threshold = lab.pass_threshold;
      s.report_digest = digest;
      s.submitted_by = student;
      ledger::record_submission(l, course, lab.lab, student, s);
    }
  });
  const auto standing = ledger::compute_standing(course, store.load(), student);
  for (auto& lab : report.labs) {
    for (const auto& ls : standing.labs) {
      if (ls.lab == lab.lab) report::apply_penalty(lab, ls.penalty);
    }
  }
}

std::string render(const report::GradeReport& r, const std::string& format, bool student_facing) {
  report::RenderOptions o;
  o.student_facing = student_facing;
  if (format == "table") return report::render_table(r, o);
  if (format == "json") return report::render_json(r, o);
  if (format == "markdown") return report::render_markdown(r, o);
  if (format == "junit") return report::render_junit(r, o);
  throw std::invalid_argument("--format must be table, json, markdown or junit");
}

cxxopts::Options make_options() {
  cxxopts::Options o("dslab grade", "Grade a submission: build it in the sandbox, run the lab's tests "
                                    "against it, score 0-100 by the manifest.\n"
                                    "usage: dslab grade LAB|all --submission DIR [options]");
  o.add_options()("lab", "lab id or 'all'", cxxopts::value<std::string>())(
      "submission", "directory with one folder per lab (like solutions/) or one lab's folder",
      cxxopts::value<std::string>())("hidden", "include the hidden tests (instructor grading)")(
      "submitted-at", "when the grading side received the push (RFC 3339, e.g. 2026-11-24T10:00:00Z)",
      cxxopts::value<std::string>())("student", "student or group id (for the ledger)",
                                     cxxopts::value<std::string>())(
      "ledger", "slip-day ledger file to record into", cxxopts::value<std::string>())(
      "course", "course file (default: <source>/course.toml)", cxxopts::value<std::string>())(
      "format", "table, json, markdown or junit", cxxopts::value<std::string>()->default_value("table"))(
      "out", "write the report here instead of stdout", cxxopts::value<std::string>())(
      "jobs", "tests run concurrently", cxxopts::value<int>()->default_value("1"))(
      "source", "the grader's source tree", cxxopts::value<std::string>())(
      "build-dir", "the grader's build (holds bin/<tests>_isolated)", cxxopts::value<std::string>())(
      "backend", "sandbox: auto, bwrap, unshare, none", cxxopts::value<std::string>()->default_value("auto"))(
      "student-facing", "hide hidden tests' details (what students may see)")(
      "budget", "seconds one lab's grading (build and tests) may take in all (default: the "
      "lab manifest's budget, else 1200)", cxxopts::value<int>())(
      "build-limit", "seconds the sandboxed build may take",
      cxxopts::value<int>()->default_value("90"))(
      "seeds-at-most", "a quick grade: run at most N seeds of each randomized test (the first "
      "ones); the report says so, and it cannot be recorded in the ledger", cxxopts::value<int>())(
      "keep-work", "keep the staging directories")("progress", "progress lines even with --format json")(
      "h,help", "show this help");
  o.parse_positional({"lab"});
  o.positional_help("LAB|all");
  return o;
}

int grade(int argc, char** argv) {
  auto options = make_options();
  const auto args = options.parse(argc, argv);
  if (args.count("help") != 0U) {
    std::cout << options.help() << "\n";
    return 0;
  }
  if (args.count("lab") == 0U || args.count("submission") == 0U) {
    std::cerr << "dslab grade: LAB|all and --submission DIR are required (dslab grade --help)\n";
    return 2;
  }
  const std::string format = args["format"].as<std::string>();
  grading::GradeOptions g;
  g.source_root = cli::source_root(args.count("source") != 0U ? args["source"].as<std::string>() : "");
  g.test_bin_dir = cli::build_root(args.count("build-dir") != 0U ? args["build-dir"].as<std::string>() : "") / "bin";
  g.submission = fs::absolute(args["submission"].as<std::string>());
  g.hidden = args.count("hidden") != 0U;
  g.jobs = std::max(1, args["jobs"].as<int>());
  g.backend = parse_backend(args["backend"].as<std::string>());
  g.keep_work = args.count("keep-work") != 0U;
  if (args.count("budget") != 0U) g.budget = std::chrono::seconds(std::max(1, args["budget"].as<int>()));
  g.build.wall = std::chrono::seconds(std::max(1, args["build-limit"].as<int>()));
  if (args.count("seeds-at-most") != 0U) {
    const int n = args["seeds-at-most"].as<int>();
    if (n < 1) {
      std::cerr << "dslab grade: --seeds-at-most must be at least 1\n";
      return 2;
    }
    if (args.count("ledger") != 0U) {
      std::cerr << "dslab grade: --seeds-at-most makes a quick grade, which the ledger does not "
                   "record: drop --ledger or --seeds-at-most\n";
      return 2;
    }
    g.seeds_at_most = static_cast<std::size_t>(n);
  }
  grading::prepare_grader_process(g.work_root);
  const bool progress = format != "json" || args.count("progress") != 0U;
  const auto start = std::chrono::steady_clock::now();
  if (progress) {
    g.progress = [start](const std::string& line) {
      const std::chrono::duration<double> t = std::chrono::steady_clock::now() - start;
      std::cerr << fmt::format("{:7.1f}s {}\n", t.count(), line);
    };
  }
  report::GradeReport report;
  report.submission = args["submission"].as<std::string>();
  report.submitted_at = args.count("submitted-at") != 0U
                            ? manifest::format_utc(manifest::parse_instant(args["submitted-at"].as<std::string>()))
                            : "";
  report.tool_version = "dslab 0.1";
  for (const auto& lab : grading::select_labs(g.source_root, args["lab"].as<std::string>())) {
    report.labs.push_back(grading::grade_lab(g, lab));
  }
  report.graded_at = now_utc();
  if (args.count("ledger") != 0U) record_in_ledger(report, args, g.source_root);
  const std::string text = render(report, format, args.count("student-facing") != 0U);
  if (args.count("out") != 0U) {
    std::ofstream(args["out"].as<std::string>()) << text;
  } else {
    std::cout << text;
  }
  for (const auto& lab : report.labs) {
    if (!lab.passed) return 1;
  }
  return 0;
}

const cli::Registration registration{
    {"grade", "grade a submission in the sandbox (0-100 per lab) and write the report", grade}};

}  // namespace
