// `dslab replay LAB TEST --seed S`: re-runs one simulated test at one seed and prints its whole
// trace (the command every failure report ends with); with --html FILE also writes its picture
// (runtime/viewer); with --submission DIR, on a student's files built in a build tree of their own.
#include <unistd.h>

#include <algorithm>
#include <cxxopts.hpp>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "grader/cli/paths.hpp"
#include "grader/cli/submission_build.hpp"
#include "grader/cli/verb.hpp"
#include "grader/manifest/lab_manifest.hpp"
#include "runtime/env/env.hpp"

namespace {
namespace fs = std::filesystem;

cxxopts::Options make_options() {
  cxxopts::Options o("dslab replay", "Re-run one simulated test at one seed and print its whole trace.\n"
                                     "usage: dslab replay LAB TEST --seed S [--submission DIR] [options]");
  o.add_options()("lab", "lab id (or 'runtime' with --binary)", cxxopts::value<std::string>())(
      "test", "test name Suite.Test", cxxopts::value<std::string>())(
      "seed", "the seed to replay", cxxopts::value<std::uint64_t>())(
      "engine", "inprocess (debugger-friendly) or nodehost", cxxopts::value<std::string>()->default_value("inprocess"))(
      "trace-out", "also write the trace as JSON lines to this file", cxxopts::value<std::string>())(
      "html", "also write the run's picture to this HTML file: lanes per node, message arrows, faults, "
              "the node states before and after each event (open it in a browser)",
      cxxopts::value<std::string>())(
      "submission", "replay on these student files (a folder with one folder per lab, e.g. a student's "
                    "checkout's student/): builds the test in <build-dir>/replay/<lab> first. Their code runs "
                    "unsandboxed on this machine", cxxopts::value<std::string>())(
      "binary", "the test binary (default: from the lab's manifest)", cxxopts::value<std::string>())(
      "build-dir", "build tree holding bin/", cxxopts::value<std::string>())(
      "source", "source tree holding labs/", cxxopts::value<std::string>())("h,help", "show this help");
  o.parse_positional({"lab", "test"});
  o.positional_help("LAB TEST");
  return o;
}

int replay(int argc, char** argv) {
  auto o = make_options();
  const auto args = o.parse(argc, argv);
  if (args.count("help") != 0U) {
    std::cout << o.help() << "\n";
    return 0;
  }
  if (args.count("lab") == 0U || args.count("test") == 0U || args.count("seed") == 0U) {
    std::cerr << "dslab replay: LAB, TEST and --seed are required (dslab replay --help)\n";
    return 2;
  }
  const std::string lab = args["lab"].as<std::string>();
  const std::string test = args["test"].as<std::string>();
  const fs::path source = dslab::cli::source_root(args.count("source") != 0U ? args["source"].as<std::string>() : "");
  const fs::path build = dslab::cli::build_root(args.count("build-dir") != 0U ? args["build-dir"].as<std::string>() : "");
  fs::path binary;
  if (args.count("binary") != 0U) {
    binary = args["binary"].as<std::string>();
  } else {
    if (!fs::exists(source / "labs" / lab / "lab.toml")) {
      std::cerr << "dslab replay: " << dslab::manifest::unknown_lab(source / "labs", lab) << "\n";
      return 2;
    }
    const auto manifest = dslab::manifest::load_lab(source / "labs" / lab);
    const auto it = std::find_if(manifest.tests.begin(), manifest.tests.end(),
                                 [&](const auto& t) { return t.name == test; });
    if (it == manifest.tests.end()) {
      std::cerr << "dslab replay: " << lab << " has no test " << test << "\n";
      return 2;
    }
    fs::path bin_dir = build / "bin";
    if (args.count("submission") != 0U) {
      bin_dir = dslab::cli::build_on_submission({.verb = "replay", .source = source, .build_root = build, .lab = lab,
                                                 .submission = args["submission"].as<std::string>(),
                                                 .target = it->binary, .build_type = "RelWithDebInfo"});
      if (bin_dir.empty()) return 2;
    }
    binary = bin_dir / it->binary;
  }
  if (!fs::exists(binary)) {
    std::cerr << "dslab replay: test binary " << binary.string()
              << " not found (build first; hidden tests replay only in the instructor's build)\n";
    return 2;
  }
  // Set for the test binary this process becomes (exec below).
  const auto set = [](std::string_view name, const std::string& value) {
    setenv(std::string(dslab::env::declared(name).name).c_str(), value.c_str(), 1);
  };
  set(dslab::env::kSeed, std::to_string(args["seed"].as<std::uint64_t>()));
  set(dslab::env::kEngine, args["engine"].as<std::string>());
  set(dslab::env::kReplayProgram, dslab::cli::self_command());
  if (args.count("trace-out") != 0U) set(dslab::env::kTraceOut, args["trace-out"].as<std::string>());
  if (args.count("html") != 0U) {
    const fs::path html = fs::absolute(args["html"].as<std::string>());
    if (html.empty() || fs::is_directory(html)) {
      std::cerr << "dslab replay: --html needs a file name, got " << html.string() << "\n";
      return 2;
    }
    set(dslab::env::kHtmlOut, html.string());
  }
  const std::string filter = "--gtest_filter=" + test;
  std::string path = binary.string();
  char* exec_args[] = {path.data(), const_cast<char*>(filter.c_str()), nullptr};
  execv(path.c_str(), exec_args);
  std::cerr << "dslab replay: cannot run " << path << "\n";
  return 2;
}

const dslab::cli::Registration registration{
    {"replay", "re-run a simulated test at one seed and print its whole trace", replay}};

}  // namespace
