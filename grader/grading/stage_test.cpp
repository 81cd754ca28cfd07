// Staging rules: only trusted sources and student-owned files are copied; symlinks anywhere
// under the lab folder, non-regular files and oversized (or sparse) files are refused, naming
// the file and the rule, before anything is copied.
#include "grader/grading/stage.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

namespace dslab::grading {
namespace {
namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

struct Tree {
  fs::path root = fs::temp_directory_path() / ("dslab-stage-test-" + std::to_string(::getpid()));
  Tree() {
    fs::remove_all(root);
    write(root / "src/CMakeLists.txt", "top");
    write(root / "src/CMakePresets.json", "{}");
    write(root / "src/cmake/x.cmake", "x");
    write(root / "src/runtime/a.hpp", "a");
    write(root / "src/labs/CMakeLists.txt", "labs");
    write(root / "src/labs/lab9/api/p.hpp", "api");
    write(root / "src/labs/lab9/tests/public/t.cpp", "public test");
    write(root / "src/labs/lab9/tests/hidden/secret.cpp", "HIDDEN TEST");
    write(root / "src/labs/lab9/bugs/b1/node.cpp", "bug");
    write(root / "src/labs/lab8/api/other.hpp", "other lab");
    write(root / "src/solutions/lab9/node.cpp", "SOLUTION");
    write(root / "src/solutions/lab9/node.hpp", "SOLUTION HEADER");
    write(root / "sub/lab9/node.cpp", "student node");
    write(root / "sub/lab9/extra.cpp", "not a student file");
    write(root / "sub/lab9/tests/hidden/forged.cpp", "forged");
  }
  ~Tree() { fs::remove_all(root); }
  StagedTree stage_it(const StageLimits& limits = {}) const {
    return stage(root / "src", lab9(), root / "sub", root / "work", limits);
  }
  // The message of the SubmissionRefused that staging throws ("" if it does not throw), and
  // nothing may have been staged.
  std::string refusal(const StageLimits& limits = {}) const {
    try {
      stage_it(limits);
    } catch (const SubmissionRefused& e) {
      EXPECT_FALSE(fs::exists(root / "work/src")) << "staging began before the check";
      return e.what();
    }
    return "";
  }
  static manifest::LabManifest lab9() {
    manifest::LabManifest m;
    m.id = "lab9";
    m.student_files = {"node.cpp", "node.hpp"};
    return m;
  }
};

TEST(Stage, CopiesOnlyTrustedSourcesAndStudentOwnedFiles) {
  Tree t;
  const auto staged = t.stage_it();
  EXPECT_TRUE(fs::exists(staged.root / "labs/lab9/api/p.hpp"));
  EXPECT_TRUE(fs::exists(staged.root / "labs/lab9/tests/public/t.cpp"));
  EXPECT_TRUE(fs::exists(staged.root / "runtime/a.hpp"));
  EXPECT_FALSE(fs::exists(staged.root / "labs/lab9/tests/hidden")) << "hidden tests leaked";
  EXPECT_FALSE(fs::exists(staged.root / "labs/lab9/bugs")) << "buggy solutions leaked";
  EXPECT_FALSE(fs::exists(staged.root / "solutions")) << "solutions leaked";
  EXPECT_FALSE(fs::exists(staged.root / "labs/lab8")) << "another lab leaked";
  EXPECT_TRUE(fs::exists(staged.student_dir / "lab9/node.cpp"));
  EXPECT_FALSE(fs::exists(staged.student_dir / "lab9/extra.cpp"));
  EXPECT_FALSE(fs::exists(staged.student_dir / "lab9/tests"));
  EXPECT_EQ(staged.missing, (std::vector<std::string>{"node.hpp"}));
}

TEST(Stage, RefusesASymlinkedStudentFileNamingIt) {
  Tree t;
  fs::create_symlink(t.root / "src/solutions/lab9/node.hpp", t.root / "sub/lab9/node.hpp");
  const std::string why = t.refusal();
  EXPECT_NE(why.find("lab9/node.hpp is a symbolic link"), std::string::npos) << why;
}

TEST(Stage, RefusesASymlinkedLabFolderThatPointsAtTheSolutions) {
  Tree t;
  fs::remove_all(t.root / "sub/lab9");
  fs::create_directory_symlink(t.root / "src/solutions/lab9", t.root / "sub/lab9");
  const std::string why = t.refusal();
  EXPECT_NE(why.find("lab9 is a symbolic link"), std::string::npos) << why;
}

TEST(Stage, RefusesASymlinkAnywhereUnderTheLabFolder) {
  Tree t;
  fs::create_directory_symlink(t.root / "src/labs/lab9/tests/hidden", t.root / "sub/lab9/tests/peek");
  const std::string why = t.refusal();
  EXPECT_NE(why.find("lab9/tests/peek is a symbolic link"), std::string::npos) << why;
}

TEST(Stage, RefusesAStudentFileThatIsNotARegularFile) {
  Tree t;
  ASSERT_EQ(mkfifo((t.root / "sub/lab9/node.hpp").c_str(), 0644), 0);
  const std::string why = t.refusal();
  EXPECT_NE(why.find("lab9/node.hpp is not a regular file"), std::string::npos) << why;
}

TEST(Stage, RefusesAStudentFileOverThePerFileCapByItsSize) {
  Tree t;
  write(t.root / "sub/lab9/node.hpp", std::string(2000, 'x'));
  const std::string why = t.refusal({.max_file_bytes = 1000, .max_total_bytes = 1 << 20});
  EXPECT_NE(why.find("lab9/node.hpp is 2000 bytes"), std::string::npos) << why;
  EXPECT_NE(why.find("at most"), std::string::npos) << why;
}

TEST(Stage, RefusesASparseFileByItsLogicalSizeWithoutReadingIt) {
  Tree t;
  const fs::path sparse = t.root / "sub/lab9/node.hpp";
  {
    const int fd = open(sparse.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(ftruncate(fd, 8LL << 30), 0);  // 8 GiB of hole, no block allocated
    close(fd);
  }
  const std::string why = t.refusal();
  EXPECT_NE(why.find("lab9/node.hpp is 8589934592 bytes"), std::string::npos) << why;
}

TEST(Stage, RefusesStudentFilesOverTheTotalCapTogether) {
  Tree t;
  write(t.root / "sub/lab9/node.cpp", std::string(600, 'x'));
  write(t.root / "sub/lab9/node.hpp", std::string(600, 'y'));
  const StageLimits limits{.max_file_bytes = 1000, .max_total_bytes = 1000};
  const std::string why = t.refusal(limits);
  EXPECT_NE(why.find("the student files of lab9 total"), std::string::npos) << why;
  fs::remove(t.root / "sub/lab9/node.hpp");
  EXPECT_EQ(t.refusal(limits), "") << "one file within both caps is staged";
}

TEST(Stage, AcceptsTheLabFolderItselfAsSubmission) {
  Tree t;
  EXPECT_EQ(lab_folder(t.root / "sub/lab9", Tree::lab9()), t.root / "sub/lab9");
  EXPECT_EQ(lab_folder(t.root / "sub", Tree::lab9()), t.root / "sub/lab9");
  const auto staged = stage(t.root / "src", Tree::lab9(), t.root / "sub/lab9", t.root / "work");
  EXPECT_TRUE(fs::exists(staged.student_dir / "lab9/node.cpp"));
}

TEST(Stage, RefusesANonEmptyWorkDirAndAMissingSubmission) {
  Tree t;
  write(t.root / "work/x", "x");
  EXPECT_THROW(t.stage_it(), std::runtime_error);
  EXPECT_THROW(stage(t.root / "src", Tree::lab9(), t.root / "nope", t.root / "work2"),
               std::runtime_error);
}

}  // namespace
}  // namespace dslab::grading
