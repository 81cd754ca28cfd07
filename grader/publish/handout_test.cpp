// Tests of the student handouts: markers, the check of what a handout names, and the course's
// own handouts as published.
#include "grader/publish/handout.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>

#include "grader/publish/publish.hpp"

namespace dslab::publish {
namespace {
namespace fs = std::filesystem;

const fs::path kSource = DSLAB_SOURCE_DIR;

fs::path temp_dir() {
  std::string tmpl = (fs::temp_directory_path() / "dslab-handout-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string problems_of(const std::vector<HandoutProblem>& problems) {
  std::string s;
  for (const auto& p : problems) s += std::to_string(p.line) + ": " + p.what + "\n";
  return s;
}

TEST(Handout, StaffBlocksAreDroppedAndStudentBlocksShownWithoutTheirMarkers) {
  const std::string course =
      "# Lab\nshared\n<!-- staff -->\nthe solution is in solutions/lab9/\n<!-- /staff -->\n"
      "<!-- student\nbuild/default/bin/dslab test lab9\n-->\nend\n";
  EXPECT_EQ(student_handout(course, "README.md"),
            "# Lab\nshared\nbuild/default/bin/dslab test lab9\nend\n");
}

TEST(Handout, AnUnclosedNestedOrStrayMarkerIsAnErrorNamingItsLine) {
  EXPECT_THROW(student_handout("a\n<!-- staff -->\nb\n", "R.md"), std::invalid_argument);
  EXPECT_THROW(student_handout("<!-- staff -->\n<!-- student\n-->\n<!-- /staff -->\n", "R.md"),
               std::invalid_argument);
  try {
    student_handout("a\nb\n<!-- /staff -->\n", "R.md");
    FAIL() << "a stray closing marker was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("R.md:3:", 0), 0u) << e.what();
  }
}

class HandoutCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = temp_dir();
    fs::create_directories(repo_ / "labs/lab9/api");
    fs::create_directories(repo_ / "student/lab9");
    std::ofstream(repo_ / "labs/lab9/api/protocol.hpp") << "// api\n";
    std::ofstream(repo_ / "labs/lab9/README.md") << "# Lab 9\n";
  }
  void TearDown() override { fs::remove_all(repo_); }
  std::vector<HandoutProblem> check(const std::string& text) {
    return check_handout(text, "labs/lab9/README.md", repo_, {"dslab", "lab9_public"});
  }
  fs::path repo_;
};

TEST_F(HandoutCheck, AHandoutNamingOnlyWhatTheRepositoryHasPasses) {
  const auto problems = check(
      "Read `labs/lab9/api/protocol.hpp` and [the guide](../../labs/lab9/README.md).\n"
      "Your files are in `student/lab9/`.\n```sh\nbuild/default/bin/dslab test lab9\n"
      "DSLAB_SEED=3 ./build/default/bin/lab9_public --gtest_filter=A.B\n```\n"
      "Run `build/default/bin/dslab replay lab9 A.B --seed 3`; `DSLAB_SEEDS=<n>` for more.\n");
  EXPECT_TRUE(problems.empty()) << problems_of(problems);
}

TEST_F(HandoutCheck, EachThingTheRepositoryLacksIsAProblemOnItsLine) {
  const auto problems = check(
      "copy skeletons/lab9/ first\n"                           // 1: course-only
      "```\n"                                                  // 2
      "dslab test lab9\n"                                      // 3: bare dslab
      "DSLAB_SEED=1 build/default/bin/lab9_hidden\n"           // 4: _hidden, unknown binary
      "```\n"                                                  // 5
      "see `labs/lab9/tests/common/checker.hpp`\n"             // 6: missing file
      "and [this](../../docs/missing.md), `build/ci/bin/x`\n"  // 7: missing link, other build
      "then `dslab replay` (prose may name the command)\n"     // 8: fine
      "<!-- staff -->\n");                                     // 9: marker left in
  std::vector<int> lines;
  for (const auto& p : problems) lines.push_back(p.line);
  EXPECT_EQ(lines, (std::vector<int>{1, 3, 4, 4, 6, 7, 7, 9})) << problems_of(problems);
}

TEST(PublishedHandouts, NameOnlyFilesAndProgramsOfTheStudentRepositoryAndNoStaffText) {
  const fs::path root = temp_dir();
  PublishOptions o;
  o.source_root = kSource;
  o.out = root / "repo";
  o.template_repo = "my-course/dslab-template";
  const auto result = publish::publish(o);  // throws if a handout names what the repo lacks
  const auto binaries = student_binaries(o.out, result.labs);
  EXPECT_TRUE(binaries.count("lab2_public") == 1 && binaries.count("lab2_host") == 1 &&
              binaries.count("lab1_udp_server") == 1 && binaries.count("lab2_hidden") == 0);
  for (const auto& lab : result.labs) {
    const fs::path rel = fs::path("labs") / lab / "README.md";
    const std::string text = read_all(o.out / rel);
    const std::string course = read_all(kSource / rel);
    EXPECT_EQ(text.find("<!--"), std::string::npos) << rel;
    EXPECT_EQ(text.find("staff"), std::string::npos) << rel;
    const auto problems = check_handout(text, rel, o.out, binaries);
    EXPECT_TRUE(problems.empty()) << rel << "\n" << problems_of(problems);
    // The course's own handout is for staff: the check would fail it (so it checks something).
    EXPECT_FALSE(check_handout(course, rel, o.out, binaries).empty()) << rel;
  }
  fs::remove_all(root);
}

}  // namespace
}  // namespace dslab::publish
