// Tests of dslab::publish against the real course tree: the published repository is complete
// and clean, and planted leaks of every kind are caught.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>
#include <string>

#include "grader/publish/bundle.hpp"
#include "grader/publish/leak_check.hpp"
#include "grader/publish/plan.hpp"
#include "grader/publish/publish.hpp"

namespace dslab::publish {
namespace {
namespace fs = std::filesystem;

const fs::path kSource = DSLAB_SOURCE_DIR;

fs::path temp_dir() {
  std::string tmpl = (fs::temp_directory_path() / "dslab-publish-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

PublishOptions options(const fs::path& out, const std::string& labs = "all", bool force = false) {
  PublishOptions o;
  o.source_root = kSource;
  o.out = out;
  o.labs = labs;
  o.force = force;
  o.template_repo = "my-course/dslab-template";
  return o;
}

// One published tree shared by the tests of this suite (publishing takes about a second).
class PublishedRepo : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = temp_dir();
    out_ = root_ / "student-repo";
    result_ = publish::publish(options(out_));
  }
  static void TearDownTestSuite() { fs::remove_all(root_); }

  // A copy of the published tree that a test may tamper with.
  static fs::path scratch_copy(const std::string& name) {
    const fs::path copy = root_ / name;
    fs::copy(out_, copy, fs::copy_options::recursive);
    return copy;
  }

  // The first distinctive line of a solution file that its skeleton lacks.
  static std::string distinctive_solution_line(fs::path* from) {
    for (const auto& e : fs::recursive_directory_iterator(kSource / "solutions")) {
      if (!e.is_regular_file()) continue;
      const fs::path skeleton = kSource / "skeletons" / fs::relative(e.path(), kSource / "solutions");
      const std::string skel = fs::exists(skeleton) ? read_all(skeleton) : "";
      std::istringstream in(read_all(e.path()));
      for (std::string line; std::getline(in, line);) {
        if (long_enough(normalize_line(line)) && skel.find(line) == std::string::npos) {
          *from = e.path();
          return line;
        }
      }
    }
    return "";
  }

  static inline fs::path root_;
  static inline fs::path out_;
  static inline PublishResult result_;
};

TEST_F(PublishedRepo, LeakCheck_PassesOnTheGeneratedRepository) {
  EXPECT_TRUE(result_.leaks.clean()) << render_leaks(result_.leaks);
  EXPECT_GT(result_.leaks.secret_lines, 100U);  // the check searched for something
  EXPECT_EQ(result_.leaks.files_checked, result_.files);
}

TEST_F(PublishedRepo, Output_HasNoSecretOrInstructorFolder) {
  EXPECT_FALSE(fs::exists(out_ / "solutions"));
  EXPECT_FALSE(fs::exists(out_ / "skeletons"));
  EXPECT_FALSE(fs::exists(out_ / "course.toml"));  // the roster stays with the course
  EXPECT_FALSE(fs::exists(out_ / "grader" / "publish"));
  EXPECT_FALSE(fs::exists(out_ / "grader" / "cli" / "verb_publish.cpp"));
  for (const auto& e : fs::recursive_directory_iterator(out_)) {
    const std::string name = e.path().filename().string();
    EXPECT_FALSE(e.is_directory() && (name == "hidden" || name == "bugs" || name == "exam")) << e.path();
  }
}

TEST_F(PublishedRepo, StudentFolder_HoldsEverySkeletonFileUnchanged) {
  ASSERT_FALSE(result_.labs.empty());
  for (const auto& lab : result_.labs) {
    for (const auto& e : fs::directory_iterator(kSource / "skeletons" / lab)) {
      const fs::path copy = out_ / kStudentFolder / lab / e.path().filename();
      ASSERT_TRUE(fs::exists(copy)) << copy;
      EXPECT_EQ(read_all(copy), read_all(e.path())) << copy;
    }
  }
}

TEST_F(PublishedRepo, BuildFiles_DefaultToStudentSourcesWithoutHiddenTests) {
  const std::string cmake = read_all(out_ / "CMakeLists.txt");
  EXPECT_NE(cmake.find("set(DSLAB_STUDENT_SOURCE \"student\""), std::string::npos);
  EXPECT_NE(cmake.find("grader side only)\" OFF)"), std::string::npos);
  EXPECT_NE(read_all(out_ / "CMakePresets.json").find("\"DSLAB_STUDENT_SOURCE\": \"student\""), std::string::npos);
  const std::string readme = read_all(out_ / "README.md");
  EXPECT_EQ(readme.find("{{LABS}}"), std::string::npos);
  for (const auto& lab : result_.labs) EXPECT_NE(readme.find("labs/" + lab + "/README.md"), std::string::npos);
  EXPECT_EQ(readme.find("{{"), std::string::npos) << "a placeholder left in the README";
  EXPECT_NE(readme.find("git remote add template https://github.com/my-course/dslab-template.git"), std::string::npos);
  EXPECT_NE(readme.find("student/<lab>/SUBMIT_LATE"), std::string::npos);
  const std::string workflow = read_all(out_ / ".github" / "workflows" / "dslab.yml");
  EXPECT_EQ(workflow.find("secrets."), std::string::npos);
  EXPECT_NE(workflow.find("dslab test all --format markdown >> \"$GITHUB_STEP_SUMMARY\""), std::string::npos);
  EXPECT_NE(fs::status(out_ / "ci" / "setup").permissions() & fs::perms::owner_exec, fs::perms::none);
}

TEST_F(PublishedRepo, LeakCheck_CatchesAPlantedSolutionLine) {
  fs::path from;
  const std::string line = distinctive_solution_line(&from);
  ASSERT_FALSE(line.empty()) << "no solution line differs from its skeleton";
  const fs::path copy = scratch_copy("planted-line");
  const fs::path victim = copy / "runtime" / "README.md";
  std::ofstream(victim, std::ios::app) << "\n" << line << "\n";
  const auto report = check_leaks(kSource, copy);
  ASSERT_EQ(report.leaks.size(), 1U) << render_leaks(report);
  EXPECT_EQ(report.leaks[0].file, fs::path("runtime/README.md"));
  EXPECT_NE(report.leaks[0].what.find(fs::relative(from, kSource).string()), std::string::npos)
      << report.leaks[0].what;
}

TEST_F(PublishedRepo, LeakCheck_CatchesAHiddenTestFileUnderAnotherName) {
  fs::path hidden;
  for (const auto& e : fs::recursive_directory_iterator(kSource / "labs")) {
    if (e.is_regular_file() && is_secret(fs::relative(e.path(), kSource)) &&
        e.path().extension() == ".cpp") {
      hidden = e.path();
      break;
    }
  }
  ASSERT_FALSE(hidden.empty());
  const fs::path copy = scratch_copy("planted-file");
  fs::copy_file(hidden, copy / "student" / "notes.cpp");
  const auto report = check_leaks(kSource, copy);
  ASSERT_FALSE(report.clean());
  EXPECT_EQ(report.leaks[0].file, fs::path("student/notes.cpp"));
  EXPECT_NE(report.leaks[0].what.find("copy of labs/"), std::string::npos) << report.leaks[0].what;
}

TEST_F(PublishedRepo, LeakCheck_CatchesASecretPathEvenWhenEmpty) {
  const fs::path copy = scratch_copy("planted-path");
  fs::create_directories(copy / "solutions" / "lab9");
  std::ofstream(copy / "solutions" / "lab9" / "x.txt") << "x\n";
  const auto report = check_leaks(kSource, copy);
  ASSERT_FALSE(report.clean());
  EXPECT_EQ(report.leaks[0].file, fs::path("solutions/lab9/x.txt"));
}

TEST_F(PublishedRepo, Publish_RefusesANonEmptyOutputWithoutForce) {
  EXPECT_THROW(publish::publish(options(out_)), std::invalid_argument);
}

TEST_F(PublishedRepo, Publish_WithForceKeepsGitAndReplacesTheRest) {
  const fs::path copy = scratch_copy("republish");
  fs::create_directories(copy / ".git");
  std::ofstream(copy / ".git" / "HEAD") << "ref: refs/heads/main\n";
  std::ofstream(copy / "stale.txt") << "from an older publish\n";
  const auto again = publish::publish(options(copy, "all", true));
  EXPECT_TRUE(again.leaks.clean());
  EXPECT_TRUE(fs::exists(copy / ".git" / "HEAD"));
  EXPECT_FALSE(fs::exists(copy / "stale.txt"));
}

TEST(PublishOptions, UnknownLabIsAClearError) {
  try {
    select_labs(kSource, "lab2-detector,no-such-lab");
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-lab"), std::string::npos);
  }
  EXPECT_THROW(select_labs(kSource, "../labs"), std::invalid_argument);
  EXPECT_EQ(select_labs(kSource, "lab2-detector"), std::vector<std::string>{"lab2-detector"});
}

TEST(PublishOptions, TemplateRepoIsRequiredAndMustBeOwnerSlashName) {
  const fs::path dir = temp_dir();
  auto o = options(dir / "out", "lab2-detector");
  o.template_repo = "";
  try {
    publish::publish(o);
    FAIL() << "an empty --template-repo was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("--template-repo is empty"), std::string::npos) << e.what();
  }
  o.template_repo = "a/b\"; rm -rf /";
  EXPECT_THROW(publish::publish(o), std::invalid_argument);
  o.template_repo = "no-owner";
  EXPECT_THROW(publish::publish(o), std::invalid_argument);
  o = options(dir / "out", "lab2-detector");
  o.late_policy = "whenever";
  EXPECT_THROW(publish::publish(o), std::invalid_argument);
  EXPECT_FALSE(fs::exists(dir / "out"));  // refused before writing anything
  fs::remove_all(dir);
}

TEST(PublishOptions, ReadmeStatesTheLatePolicyOfTheCourseFile) {
  EXPECT_NE(late_rule_text("on-request").find("SUBMIT_LATE"), std::string::npos);
  EXPECT_EQ(late_rule_text("latest").find("SUBMIT_LATE"), std::string::npos);
  EXPECT_THROW(late_rule_text(""), std::invalid_argument);
}

TEST(PublishOptions, OutputInsideTheCourseTreeIsRefused) {
  EXPECT_THROW(publish::publish(options(kSource / "labs" / "student-out", "lab2-detector", true)),
               std::invalid_argument);
  EXPECT_THROW(publish::publish(options(kSource.parent_path(), "lab2-detector", true)), std::invalid_argument);
  EXPECT_FALSE(fs::exists(kSource / "labs" / "student-out"));
}

TEST(LeakRule, ShortAndWhitespaceOnlyDifferencesAreNotDistinctive) {
  EXPECT_EQ(normalize_line("  \tint  x =\t1;  "), "int x = 1;");
  EXPECT_FALSE(long_enough(normalize_line("    return std::nullopt;")));
  EXPECT_FALSE(long_enough("a b c d e f g h i j k l m n o p q r s t u v w x y z 1 2 3"));  // 29
  EXPECT_TRUE(long_enough("a b c d e f g h i j k l m n o p q r s t u v w x y z 1 2 3 4"));  // 30
}

TEST(LeakRule, SecretAreasAreSolutionsHiddenTestsAndBugs) {
  EXPECT_TRUE(is_secret("solutions/lab3-paxos/acceptor.cpp"));
  EXPECT_TRUE(is_secret("labs/lab3-paxos/tests/hidden/safety_test.cpp"));
  EXPECT_TRUE(is_secret("labs/lab3-paxos/bugs/CMakeLists.txt"));
  EXPECT_FALSE(is_secret("labs/lab3-paxos/tests/public/acceptor_test.cpp"));
  EXPECT_FALSE(is_secret("skeletons/lab3-paxos/acceptor.cpp"));
  EXPECT_FALSE(is_secret("labs/hidden/x.cpp"));
}

TEST(TestsBundle, HoldsExactlyTheHiddenTestFiles) {
  const fs::path dir = temp_dir();
  const size_t n = write_tests_bundle(kSource, {"lab2-detector"}, dir / "hidden.tar.gz");
  size_t expected = 0;
  for (const auto& e : fs::recursive_directory_iterator(kSource / "labs/lab2-detector/tests/hidden")) {
    expected += e.is_regular_file() ? 1 : 0;
  }
  EXPECT_EQ(n, expected);
  const std::string cmd = "tar -tzf " + (dir / "hidden.tar.gz").string() + " > " + (dir / "list").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::istringstream list(read_all(dir / "list"));
  size_t listed = 0;
  for (std::string line; std::getline(list, line); ++listed) {
    EXPECT_EQ(line.rfind("labs/lab2-detector/tests/hidden/", 0), 0U) << line;
  }
  EXPECT_EQ(listed, expected);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace dslab::publish
