// `dslab replay LAB TEST --seed S`: re-runs one simulated test at one seed and prints its whole
// trace (the command every failure report ends with).
#include <unistd.h>

#include <cxxopts.hpp>
#include <filesystem>
#include <iostream>

#include "grader/cli/paths.hpp"
#include "grader/cli/verb.hpp"
#include "grader/manifest/lab_manifest.hpp"

namespace {
namespace fs = std::filesystem;

int replay(int argc, char** argv) {
  cxxopts::Options o("dslab replay", "Re-run one simulated test at one seed and print its whole trace.\n"
                                     "usage: dslab replay LAB TEST --seed S [options]");
  o.add_options()("lab", "lab id (or 'runtime' with --binary)", cxxopts::value<std::string>())(
      "test", "test name Suite.Test", cxxopts::value<std::string>())(
      "seed", "the seed to replay", cxxopts::value<std::uint64_t>())(
      "engine", "inprocess (debugger-friendly) or nodehost", cxxopts::value<std::string>()->default_value("inprocess"))(
      "trace-out", "also write the trace as JSON lines to this file", cxxopts::value<std::string>())(
      "binary", "the test binary (default: from the lab's manifest)", cxxopts::value<std::string>())(
      "build-dir", "build tree holding bin/", cxxopts::value<std::string>())(
      "source", "source tree holding labs/", cxxopts::value<std::string>())("h,help", "show this help");
  o.parse_positional({"lab", "test"});
  o.positional_help("LAB TEST");
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
  fs::path binary;
  if (args.count("binary") != 0U) {
    binary = args["binary"].as<std::string>();
  } else {
    const auto manifest = dslab::manifest::load_lab(
        dslab::cli::source_root(args.count("source") != 0U ? args["source"].as<std::string>() : "") /
        "labs" / lab);
    const auto it = std::find_if(manifest.tests.begin(), manifest.tests.end(),
                                 [&](const auto& t) { return t.name == test; });
    if (it == manifest.tests.end()) {
      std::cerr << "dslab replay: " << lab << " has no test " << test << "\n";
      return 2;
    }
    binary = dslab::cli::build_root(args.count("build-dir") != 0U ? args["build-dir"].as<std::string>() : "") /
             "bin" / it->binary;
  }
  if (!fs::exists(binary)) {
    std::cerr << "dslab replay: test binary " << binary.string()
              << " not found (build first; hidden tests replay only in the instructor's build)\n";
    return 2;
  }
  setenv("DSLAB_SEED", std::to_string(args["seed"].as<std::uint64_t>()).c_str(), 1);
  setenv("DSLAB_ENGINE", args["engine"].as<std::string>().c_str(), 1);
  if (args.count("trace-out") != 0U) setenv("DSLAB_TRACE_OUT", args["trace-out"].as<std::string>().c_str(), 1);
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
