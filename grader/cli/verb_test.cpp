// `dslab test LAB|all`: a student's local run of the public tests. It first brings the lab's
// test programs up to date (a failed build is a failure, never a silent run of old binaries),
// then runs the public tests as the grader does (same manifest, same points) on the fast
// in-process engine, and prints the public points with the hidden points it did not run. The exit
// status says whether every public test passed.
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cxxopts.hpp>
#include <algorithm>
#include <iostream>
#include <set>
#include <string_view>

#include "grader/cli/paths.hpp"
#include "grader/cli/verb.hpp"
#include "grader/grading/grade.hpp"
#include "grader/grading/test_runner.hpp"
#include "grader/report/render.hpp"
#include "grader/report/score.hpp"
#include "runtime/env/env.hpp"
#include "runtime/viewer/viewer.hpp"

namespace {
namespace fs = std::filesystem;
using namespace dslab;

constexpr int kAllPassed = 0;
constexpr int kSomeFailed = 1;
constexpr int kUsage = 2;

// Runs `cmake --build <build> --target <targets...>` with its output on our stderr (so the
// student sees progress and the compiler's own errors, and stdout stays the report). Returns
// whether it succeeded; a cmake that cannot be started counts as a failed build.
bool build_targets(const fs::path& build, const std::set<std::string>& targets) {
  std::vector<std::string> args = {"cmake", "--build", build.string(), "--target"};
  args.insert(args.end(), targets.begin(), targets.end());
  std::cerr << "dslab test: building";
  for (const auto& t : targets) std::cerr << " " << t;
  std::cerr << " in " << build.string() << "\n";
  std::cerr.flush();
  const pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    dup2(STDERR_FILENO, STDOUT_FILENO);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return false;
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// The test binaries the lab's public tests (and hidden ones when asked) need.
std::set<std::string> binaries_of(const std::vector<manifest::LabManifest>& labs) {
  std::set<std::string> out;
  for (const auto& lab : labs) {
    for (const auto& t : lab.tests) out.insert(t.binary);
  }
  return out;
}

int hidden_points(const manifest::LabManifest& lab) {
  int sum = 0;
  for (const auto& t : lab.tests) {
    if (t.visibility == manifest::Visibility::kHidden) sum += t.points;
  }
  return sum;
}

// Where every failing simulated test writes the picture of its run (DSLAB_HTML_DIR).
fs::path pictures_dir(const fs::path& build) { return build / "dslab-test" / "pictures"; }

report::LabResult run_lab(const manifest::LabManifest& lab, const fs::path& build,
                          const std::string& engine) {
  std::vector<report::TestResult> results;
  for (const auto& spec : lab.tests) {
    grading::RunSettings s;
    s.test_bin_dir = build / "bin";
    s.binary_suffix = "";
    s.scratch = build / "dslab-test";
    // The replay command a failure prints calls this dslab, as the student can paste it.
    s.extra_env = {env::assignment(env::kEngine, engine),
                   env::assignment(env::kReplayProgram, cli::self_command()),
                   env::assignment(env::kHtmlDir, pictures_dir(build).string())};
    results.push_back(grading::run_test(spec, s));
    std::cerr << fmt::format("[{}] {} {}\n", lab.id, spec.name,
                             report::to_string(results.back().status));
  }
  return report::score_lab(lab, results);
}

void print_report(const report::GradeReport& rep, const std::string& format, bool local) {
  const report::RenderOptions options{.local_run = local};
  if (format == "json") {
    std::cout << report::render_json(rep, options);
  } else if (format == "markdown") {
    std::cout << report::render_markdown(rep, options);
  } else if (format == "junit") {
    std::cout << report::render_junit(rep, options);
  } else {
    std::cout << report::render_table(rep, options);
  }
}

// After the table (one line per test): the one-screen report of the first failing simulated
// tests, from the facts each test recorded (what failed, the trace excerpt, the property, the
// replay command), then how to see the others.
void print_failure_details(const report::GradeReport& rep, const fs::path& build, std::ostream& out) {
  constexpr int kShown = 2;
  int shown = 0, more = 0;
  for (const auto& lab : rep.labs) {
    for (const auto& t : lab.tests) {
      if (t.status == report::TestStatus::kPassed || !t.seed || t.detail.empty()) continue;
      if (shown == kShown) {
        ++more;
        continue;
      }
      // Composed from the structured result (the facts the test recorded), never re-parsed.
      std::string text = fmt::format("FAIL {}  {}  seed={}\n", lab.lab, t.name, *t.seed);
      if (!t.property.empty()) text += "  property: " + t.property + "\n";
      for (std::size_t at = 0; at < t.detail.size();) {
        const auto end = std::min(t.detail.find('\n', at), t.detail.size());
        const std::string_view line(t.detail.data() + at, end - at);
        text += fmt::format("{}{}\n", line.rfind("  ", 0) == 0 ? "" : "  ", line);
        at = end + 1;
      }
      if (t.replay) text += "  replay: " + *t.replay + "\n";
      const fs::path picture = pictures_dir(build) / viewer::page_file_name(lab.lab, t.name, *t.seed);
      if (fs::exists(picture)) text += "  picture: " + picture.string() + " (open it in a browser)\n";
      out << "\n" << text;
      ++shown;
    }
  }
  if (more > 0) {
    out << fmt::format("\n({} more failing simulated test{}: fix the first one, or run a test's "
                       "binary with --gtest_filter=SUITE.TEST for its report)\n",
                       more, more == 1 ? "" : "s");
  }
}

cxxopts::Options make_options() {
  cxxopts::Options o("dslab test",
                     "Build a lab's public tests and run them against your code, showing the points "
                     "they give.\nThis is the public part only: the hidden tests are graded by the "
                     "course.\nExit status: 0 when every test ran and passed, 1 when a test failed or "
                     "the build failed, 2 for a usage error.\nusage: dslab test LAB|all [options]");
  o.add_options()("lab", "lab id or 'all'", cxxopts::value<std::string>())(
      "engine", "inprocess (default) or nodehost",
      cxxopts::value<std::string>()->default_value("inprocess"))(
      "hidden", "also run hidden tests (instructor builds only)")(
      "no-build", "run the test programs as they are, without building them first")(
      "format", "table, json, markdown or junit", cxxopts::value<std::string>()->default_value("table"))(
      "build-dir", "build tree holding bin/", cxxopts::value<std::string>())(
      "source", "source tree holding labs/", cxxopts::value<std::string>())("h,help", "show this help");
  o.parse_positional({"lab"});
  o.positional_help("LAB|all");
  return o;
}

int test(int argc, char** argv) {
  auto o = make_options();
  const auto args = o.parse(argc, argv);
  if (args.count("help") != 0U) {
    std::cout << o.help() << "\n";
    return 0;
  }
  const std::string format = args["format"].as<std::string>();
  if (args.count("lab") == 0U || !std::set<std::string>{"table", "json", "markdown", "junit"}.count(format)) {
    std::cerr << "dslab test: LAB|all is required and --format is one of table, json, markdown, junit "
                 "(dslab test --help)\n";
    return kUsage;
  }
  const fs::path source = cli::source_root(args.count("source") != 0U ? args["source"].as<std::string>() : "");
  const fs::path build = cli::build_root(args.count("build-dir") != 0U ? args["build-dir"].as<std::string>() : "");
  const bool hidden = args.count("hidden") != 0U;
  std::vector<manifest::LabManifest> labs = grading::select_labs(source, args["lab"].as<std::string>());
  std::vector<int> not_run;
  for (auto& lab : labs) {
    not_run.push_back(hidden ? 0 : hidden_points(lab));
    if (!hidden) std::erase_if(lab.tests, [](const auto& t) { return t.visibility == manifest::Visibility::kHidden; });
  }
  if (args.count("no-build") == 0U && !build_targets(build, binaries_of(labs))) {
    std::cerr << "\ndslab test: the build failed: fix the first compiler error above and run again. "
                 "No test was run.\n";
    return kSomeFailed;
  }
  std::error_code ec;
  fs::remove_all(pictures_dir(build), ec);  // only this run's failures have a picture
  report::GradeReport rep;
  rep.submission = "local build " + build.string();
  rep.tool_version = "dslab 0.1";
  for (std::size_t i = 0; i < labs.size(); ++i) {
    rep.labs.push_back(run_lab(labs[i], build, args["engine"].as<std::string>()));
    rep.labs.back().hidden_points_not_run = not_run[i];
  }
  print_report(rep, format, !hidden);
  if (format == "table") print_failure_details(rep, build, std::cout);
  bool all = true;
  for (const auto& lab : rep.labs) {
    for (const auto& t : lab.tests) all = all && t.status == report::TestStatus::kPassed;
  }
  return all ? kAllPassed : kSomeFailed;
}

const cli::Registration registration{
    {"test", "build and run a lab's public tests locally, with the points they give", test}};

}  // namespace
