// `dslab test LAB|all`: a student's local run of the public tests, scored like the grader does
// (same manifest, same points), with the fast in-process engine and no sandbox.
#include <fmt/format.h>

#include <cxxopts.hpp>
#include <iostream>

#include "grader/cli/paths.hpp"
#include "grader/cli/verb.hpp"
#include "grader/grading/grade.hpp"
#include "grader/grading/test_runner.hpp"
#include "grader/report/render.hpp"
#include "grader/report/score.hpp"

namespace {
namespace fs = std::filesystem;
using namespace dslab;

int test(int argc, char** argv) {
  cxxopts::Options o("dslab test", "Run a lab's public tests against your build and show the score "
                                   "they would give.\nusage: dslab test LAB|all [options]");
  o.add_options()("lab", "lab id or 'all'", cxxopts::value<std::string>())(
      "engine", "inprocess (default) or nodehost", cxxopts::value<std::string>()->default_value("inprocess"))(
      "hidden", "also run hidden tests (instructor builds only)")(
      "format", "table, json, markdown or junit", cxxopts::value<std::string>()->default_value("table"))(
      "build-dir", "build tree holding bin/", cxxopts::value<std::string>())(
      "source", "source tree holding labs/", cxxopts::value<std::string>())("h,help", "show this help");
  o.parse_positional({"lab"});
  o.positional_help("LAB|all");
  const auto args = o.parse(argc, argv);
  if (args.count("help") != 0U) {
    std::cout << o.help() << "\n";
    return 0;
  }
  if (args.count("lab") == 0U) {
    std::cerr << "dslab test: LAB|all is required (dslab test --help)\n";
    return 2;
  }
  const fs::path source = cli::source_root(args.count("source") != 0U ? args["source"].as<std::string>() : "");
  const fs::path build = cli::build_root(args.count("build-dir") != 0U ? args["build-dir"].as<std::string>() : "");
  report::GradeReport rep;
  rep.submission = "local build " + build.string();
  rep.tool_version = "dslab 0.1";
  for (auto lab : grading::select_labs(source, args["lab"].as<std::string>())) {
    if (args.count("hidden") == 0U) {
      std::erase_if(lab.tests, [](const auto& t) { return t.visibility == manifest::Visibility::kHidden; });
    }
    std::vector<report::TestResult> results;
    for (const auto& spec : lab.tests) {
      grading::RunSettings s;
      s.test_bin_dir = build / "bin";
      s.binary_suffix = "";
      s.scratch = build / "dslab-test";
      s.extra_env = {"DSLAB_ENGINE=" + args["engine"].as<std::string>()};
      results.push_back(grading::run_test(spec, s));
      std::cerr << fmt::format("[{}] {} {}\n", lab.id, spec.name, report::to_string(results.back().status));
    }
    rep.labs.push_back(report::score_lab(lab, results));
  }
  const std::string format = args["format"].as<std::string>();
  if (format == "json") {
    std::cout << report::render_json(rep);
  } else if (format == "markdown") {
    std::cout << report::render_markdown(rep);
  } else if (format == "junit") {
    std::cout << report::render_junit(rep);
  } else {
    std::cout << report::render_table(rep);
  }
  for (const auto& lab : rep.labs) {
    for (const auto& t : lab.tests) {
      if (t.status != report::TestStatus::kPassed && t.replay) std::cout << "  " << *t.replay << "\n";
    }
  }
  return 0;
}

const cli::Registration registration{
    {"test", "run a lab's public tests locally and show the score they give", test}};

}  // namespace
