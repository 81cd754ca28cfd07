// `dslab publish`: generate the student repository (and the hidden-tests bundle), leak-checked.
#include <fmt/format.h>

#include <cxxopts.hpp>
#include <iostream>

#include "grader/cli/paths.hpp"
#include "grader/cli/verb.hpp"
#include "grader/manifest/course.hpp"
#include "grader/manifest/diagnostics.hpp"
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
                     "usage: dslab publish --out DIR --template-repo OWNER/NAME [--tests-bundle FILE]\n"
                     "                     [--labs all|a,b] [--force] [--course FILE]");
  o.add_options()("out", "the student repository to write (outside the course tree)", cxxopts::value<std::string>())(
      "tests-bundle", "also write the hidden tests of the labs as this tar.gz", cxxopts::value<std::string>())(
      "labs", "all, or a comma list of lab ids", cxxopts::value<std::string>()->default_value("all"))(
      "template-repo", "OWNER/NAME of the template repository students pull new labs from (required)",
      cxxopts::value<std::string>()->default_value(""))(
      "course", "course file: the graded branch and late policy for the README (default <source>/course.toml)",
      cxxopts::value<std::string>())(
      "force", "replace the contents of a non-empty --out (its .git/ is kept)")(
      "check-only", "only run the leak check of --out against the course tree")(
      "source", "the course tree (default: the one dslab was built from)", cxxopts::value<std::string>())(
      "h,help", "show this help");
  return o;
}

// The README's course settings from the course file; warns loudly about settings the class
// grading needs that are empty (the students' repositories would never be graded).
void apply_course(publish::PublishOptions& o, const fs::path& course_file) {
  if (!fs::exists(course_file)) {
    throw std::invalid_argument(fmt::format("course file {} not found: give --course FILE (the README names "
                                            "its graded branch and late policy)", course_file.string()));
  }
  const auto course = manifest::load_course(course_file);
  o.branch = course.grading.branch;
  o.late_policy = manifest::late_policy_name(course.grading.late);
  if (course.grading.student_repo.empty()) {
    std::cerr << fmt::format(
        "dslab publish: WARNING: {} has no [grading] student_repo: the course workflow will find no student "
        "repository and grade nothing. Set it (e.g. student_repo = \"ORG/dslab-{{github}}\") before the first "
        "deadline.\n", course_file.string());
  }
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
  publish::PublishOptions o;
  o.source_root = source;
  o.out = out;
  o.labs = args["labs"].as<std::string>();
  o.force = args.count("force") != 0U;
  o.template_repo = args["template-repo"].as<std::string>();
  try {
    apply_course(o, args.count("course") != 0U ? fs::path(args["course"].as<std::string>()) : source / "course.toml");
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
  } catch (const manifest::ManifestError& e) {
    std::cerr << "dslab publish: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

const cli::Registration registration{
    {"publish", "generate the student repository and the hidden-tests bundle (leak-checked)", publish_main}};

}  // namespace
