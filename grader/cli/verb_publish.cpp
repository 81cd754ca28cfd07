// `dslab publish`: generate the student repository (and the hidden-tests bundle), leak-checked.
#include <fmt/format.h>

#include <cxxopts.hpp>
#include <iostream>

#include "grader/cli/paths.hpp"
#include "grader/cli/verb.hpp"
#include "grader/publish/bundle.hpp"
#include "grader/publish/publish.hpp"

namespace {
namespace fs = std::filesystem;
using namespace dslab;

cxxopts::Options make_options() {
  cxxopts::Options o("dslab publish",
                     "Generate the student repository: runtime, handouts, APIs, public tests, skeletons as\n"
                     "student/<lab>/, build files, README and CI workflow; prove that no solution, hidden\n"
                     "test or bugs-set file (or distinctive line of one) is in it.\n"
                     "usage: dslab publish --out DIR [--tests-bundle FILE] [--labs all|a,b] [--force]\n"
                     "                     [--course-repo OWNER/NAME]");
  o.add_options()("out", "the student repository to write (outside the course tree)", cxxopts::value<std::string>())(
      "tests-bundle", "also write the hidden tests of the labs as this tar.gz", cxxopts::value<std::string>())(
      "labs", "all, or a comma list of lab ids", cxxopts::value<std::string>()->default_value("all"))(
      "course-repo", "OWNER/NAME of the grading repository the student workflow notifies",
      cxxopts::value<std::string>()->default_value(""))(
      "force", "replace the contents of a non-empty --out (its .git/ is kept)")(
      "check-only", "only run the leak check of --out against the course tree")(
      "source", "the course tree (default: the one dslab was built from)", cxxopts::value<std::string>())(
      "h,help", "show this help");
  return o;
}

int publish_main(int argc, char** argv) {
  auto options = make_options();
  const auto args = options.parse(argc, argv);
  if (args.count("help") != 0U) {
    std::cout << options.help() << "\n";
    return 0;
  }
  if (args.count("out") == 0U) {
    std::cerr << "dslab publish: --out DIR is required (dslab publish --help)\n";
    return 2;
  }
  const fs::path source = cli::source_root(args.count("source") != 0U ? args["source"].as<std::string>() : "");
  const fs::path out = fs::absolute(args["out"].as<std::string>());
  if (args.count("check-only") != 0U) {
    const auto report = publish::check_leaks(source, out);
    std::cout << publish::render_leaks(report);
    return report.clean() ? 0 : 3;
  }
  publish::PublishOptions o{source, out, args["labs"].as<std::string>(), args.count("force") != 0U,
                           args["course-repo"].as<std::string>()};
  try {
    const auto result = publish::publish(o);
    std::string labs;
    for (const auto& l : result.labs) labs += (labs.empty() ? "" : ", ") + l;
    std::cout << fmt::format("published {} files for {} into {}\n", result.files, labs, out.string());
    std::cout << publish::render_leaks(result.leaks);
    if (args.count("tests-bundle") != 0U) {
      const fs::path bundle = args["tests-bundle"].as<std::string>();
      const size_t n = publish::write_tests_bundle(source, result.labs, bundle);
      std::cout << fmt::format("hidden-tests bundle: {} files in {} (keep it private)\n", n, bundle.string());
    }
  } catch (const publish::LeakError& e) {
    std::cerr << publish::render_leaks(e.report());
    std::cerr << "dslab publish: " << e.what() << " (the tree is left in " << out.string() << ")\n";
    return 3;
  } catch (const std::invalid_argument& e) {
    std::cerr << "dslab publish: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

const cli::Registration registration{
    {"publish", "generate the student repository and the hidden-tests bundle (leak-checked)", publish_main}};

}  // namespace
