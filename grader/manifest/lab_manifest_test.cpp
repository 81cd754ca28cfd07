// Tests of lab manifest loading: the valid format and every class of error, with file:line.
#include "grader/manifest/lab_manifest.hpp"

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "grader/manifest/diagnostics.hpp"

namespace dslab::manifest {
namespace {

const char* const kValid = R"([lab]
id = "lab2-detector"
title = "Failure detector and leader election"
kind = "group"
pass_threshold = 60
student_files = ["detector.hpp", "detector.cpp", "src/node.cpp"]

[defaults]
binary = "lab2_public_tests"
visibility = "public"
time_limit = 30

[[tests]]
name = "Completeness.CrashedNodeSuspectedByAll"
binary = "lab2_hidden_tests"
points = 10
visibility = "hidden"
time_limit = 60
property = "a crashed node is suspected by every correct node within 5 s"

[[tests]]
name = "Accuracy.NoFalseSuspicionWithoutFaults"
points = 5
)";

// Replaces the first occurrence of `from` in the valid manifest.
std::string with(const std::string& from, const std::string& to) {
  std::string text = kValid;
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

// The message of the ManifestError the text raises ("" if it is accepted).
std::string error_of(const std::string& text) {
  try {
    parse_lab_manifest(text, "labs/lab2-detector/lab.toml", "lab2-detector");
  } catch (const ManifestError& e) {
    return e.what();
  }
  return "";
}

TEST(LabManifest, ValidManifestLoadsEveryField) {
  const LabManifest m = parse_lab_manifest(kValid, "lab.toml", "lab2-detector");
  EXPECT_EQ(m.id, "lab2-detector");
  EXPECT_EQ(m.kind, LabKind::kGroup);
  EXPECT_EQ(m.pass_threshold, 60);
  ASSERT_EQ(m.student_files.size(), 3U);
  ASSERT_EQ(m.tests.size(), 2U);
  EXPECT_EQ(m.tests[0].visibility, Visibility::kHidden);
  EXPECT_EQ(m.tests[0].binary, "lab2_hidden_tests");
  EXPECT_EQ(m.tests[0].time_limit_seconds, 60);
  EXPECT_EQ(m.tests[0].line, 13);
  EXPECT_EQ(m.total_points(), 15);
  ASSERT_NE(m.find_test("Accuracy.NoFalseSuspicionWithoutFaults"), nullptr);
  EXPECT_EQ(m.find_test("Nope.Nope"), nullptr);
}

TEST(LabManifest, TestsInheritWhatTheyDoNotSetFromDefaults) {
  const LabManifest m = parse_lab_manifest(kValid, "lab.toml", "lab2-detector");
  ASSERT_EQ(m.tests.size(), 2U);
  EXPECT_EQ(m.tests[1].binary, "lab2_public_tests");
  EXPECT_EQ(m.tests[1].visibility, Visibility::kPublic);
  EXPECT_EQ(m.tests[1].time_limit_seconds, 30);
  EXPECT_EQ(m.tests[1].points, 5);
}

TEST(LabManifest, WithoutDefaultsEveryTestSetsItsOwn) {
  EXPECT_EQ(error_of(with("binary = \"lab2_public_tests\"\n", "")),
            "labs/lab2-detector/lab.toml:20: tests[1].binary is missing: set it in this test or in "
            "[defaults]");
  const std::string no_defaults = with("[defaults]\nbinary = \"lab2_public_tests\"\nvisibility = "
                                       "\"public\"\ntime_limit = 30\n", "");
  EXPECT_NE(error_of(no_defaults).find("tests[1].visibility is missing"), std::string::npos);
  EXPECT_NE(error_of(no_defaults).find("tests[1].time_limit is missing"), std::string::npos);
}

TEST(LabManifest, DefaultsAreValidatedLikeTests) {
  EXPECT_NE(error_of(with("visibility = \"public\"", "visibility = \"secret\""))
                .find("defaults.visibility must be one of \"public\" | \"hidden\", got \"secret\""),
            std::string::npos);
  EXPECT_NE(error_of(with("time_limit = 30", "time_limit = -1")).find("defaults.time_limit must be a positive"),
            std::string::npos);
  EXPECT_NE(error_of(with("time_limit = 30", "time_limit = 30\nengine = \"nodehost\""))
                .find("unknown key defaults.engine"), std::string::npos);
  // A bad default is one problem, not one per test that inherits it.
  try {
    parse_lab_manifest(with("time_limit = 30", "time_limit = 0"), "lab.toml", "lab2-detector");
    FAIL() << "accepted time_limit = 0";
  } catch (const ManifestError& e) {
    EXPECT_EQ(e.diagnostics().size(), 1U) << e.what();
  }
}

TEST(LabManifest, RetiredKeysAreUnknown) {
  // engine (the grader always isolates student code) and seeds (the test states its own) are
  // not manifest keys: nothing in the grader would read them.
  EXPECT_NE(error_of(with("points = 5", "points = 5\nengine = \"nodehost\"")).find("unknown key tests[1].engine"),
            std::string::npos);
  EXPECT_NE(error_of(with("points = 5", "points = 5\nseeds = 10")).find("unknown key tests[1].seeds"),
            std::string::npos);
}

TEST(LabManifest, PassThresholdDefaultsToSixty) {
  const LabManifest m = parse_lab_manifest(with("pass_threshold = 60\n", ""), "lab.toml", "");
  EXPECT_EQ(m.pass_threshold, 60);
}

TEST(LabManifest, BudgetIsReadAndDefaultsToTwentyMinutes) {
  EXPECT_EQ(parse_lab_manifest(with("", ""), "lab.toml", "").budget_seconds, kDefaultBudgetSeconds);
  EXPECT_EQ(parse_lab_manifest(with("pass_threshold = 60\n", "pass_threshold = 60\nbudget = 300\n"),
                               "lab.toml", "").budget_seconds, 300);
  EXPECT_NE(error_of(with("pass_threshold = 60\n", "pass_threshold = 60\nbudget = 0\n"))
                .find("lab.budget must be a positive integer (seconds"),
            std::string::npos);
}

TEST(LabManifest, NegativePointsNameFileLineAndValue) {
  EXPECT_EQ(error_of(with("points = 5", "points = -5")),
            "labs/lab2-detector/lab.toml:23: tests[1].points must be a positive integer, got -5");
}

TEST(LabManifest, UnknownKeyIsAnError) {
  EXPECT_EQ(error_of(with("points = 5", "points = 5\ntimelimit = 3")),
            "labs/lab2-detector/lab.toml:24: unknown key tests[1].timelimit (check the spelling; see docs)");
  EXPECT_NE(error_of(with("[lab]", "[lab]\ntitel = \"x\"")).find("unknown key lab.titel"), std::string::npos);
  EXPECT_NE(error_of(std::string(kValid) + "[extra]\n").find("unknown key extra"), std::string::npos);
}

TEST(LabManifest, MissingRequiredKeyIsAnError) {
  EXPECT_EQ(error_of(with("points = 5\n", "")),
            "labs/lab2-detector/lab.toml:21: missing required key tests[1].points in [tests[1]]");
  EXPECT_NE(error_of(with("title = \"Failure detector and leader election\"\n", ""))
                .find("missing required key lab.title"), std::string::npos);
}

TEST(LabManifest, WrongTypeIsAnError) {
  EXPECT_EQ(error_of(with("points = 10", "points = \"ten\"")),
            "labs/lab2-detector/lab.toml:16: tests[0].points must be an integer, got a string \"ten\"");
  EXPECT_NE(error_of(with("student_files = [\"detector.hpp\"", "student_files = [3"))
                .find("lab.student_files[0] must be a string, got an integer 3"), std::string::npos);
}

TEST(LabManifest, BadEnumValuesAreErrors) {
  EXPECT_NE(error_of(with("kind = \"group\"", "kind = \"team\"")).find("lab.kind must be"), std::string::npos);
  EXPECT_NE(error_of(with("visibility = \"hidden\"", "visibility = \"secret\""))
                .find("tests[0].visibility must be one of \"public\" | \"hidden\", got \"secret\""),
            std::string::npos);
}

TEST(LabManifest, DuplicateTestNamesAreAnError) {
  EXPECT_EQ(error_of(with("Accuracy.NoFalseSuspicionWithoutFaults", "Completeness.CrashedNodeSuspectedByAll")),
            "labs/lab2-detector/lab.toml:21: tests[1].name \"Completeness.CrashedNodeSuspectedByAll\" "
            "duplicates tests[0]");
}

TEST(LabManifest, StudentFilesMustStayInsideTheLab) {
  EXPECT_NE(error_of(with("\"src/node.cpp\"", "\"/etc/passwd\"")).find("must be a relative path"),
            std::string::npos);
  EXPECT_NE(error_of(with("\"src/node.cpp\"", "\"src/../../tests/hidden.cpp\"")).find("must not contain \"..\""),
            std::string::npos);
  EXPECT_NE(error_of(with("\"src/node.cpp\"", "\"detector.hpp\"")).find("is listed twice"), std::string::npos);
}

TEST(LabManifest, IdMustMatchTheFolder) {
  EXPECT_EQ(error_of(with("id = \"lab2-detector\"", "id = \"lab3-paxos\"")),
            "labs/lab2-detector/lab.toml:2: lab.id \"lab3-paxos\" must equal the folder name \"lab2-detector\"");
}

TEST(LabManifest, OtherValueRulesAreChecked) {
  EXPECT_NE(error_of(with("time_limit = 60", "time_limit = 0")).find("tests[0].time_limit must be a positive"),
            std::string::npos);
  EXPECT_NE(error_of(with("name = \"Accuracy.NoFalseSuspicionWithoutFaults\"", "name = \"NoSuite\""))
                .find("GoogleTest full name"), std::string::npos);
  EXPECT_NE(error_of(with("property = \"a crashed node is suspected by every correct node within 5 s\"\n", ""))
                .find("tests[0].property is required for a hidden test"), std::string::npos);
  EXPECT_NE(error_of(with("pass_threshold = 60", "pass_threshold = 100")).find("pass_threshold"),
            std::string::npos);
}

TEST(LabManifest, EveryProblemIsReportedAtOnce) {
  std::string text = with("points = 10", "points = 0");
  text.replace(text.find("visibility = \"hidden\""), 21, "visibility = \"x\"");
  try {
    parse_lab_manifest(text, "lab.toml", "lab2-detector");
    FAIL() << "accepted an invalid manifest";
  } catch (const ManifestError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2U);
    EXPECT_LT(e.diagnostics()[0].line, e.diagnostics()[1].line);
  }
}

TEST(LabManifest, SyntaxErrorNamesTheLine) {
  EXPECT_NE(error_of(with("points = 5", "points = = 5")).find("lab.toml:23: TOML syntax error"),
            std::string::npos);
}

TEST(LabManifest, NoTestsIsAnError) {
  const std::string text = std::string(kValid).substr(0, std::string(kValid).find("[[tests]]"));
  EXPECT_NE(error_of(text).find("missing required key tests"), std::string::npos);
}

class LabTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("dslab_manifest_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void write_lab(const std::string& folder, const std::string& text) {
    std::filesystem::create_directories(root_ / folder);
    std::ofstream(root_ / folder / "lab.toml") << text;
  }
  std::filesystem::path root_;
};

TEST_F(LabTree, DiscoverFindsEveryLabSortedAndSkipsOtherFolders) {
  write_lab("lab2-detector", kValid);
  std::string lab1 = kValid;
  lab1.replace(lab1.find("lab2-detector"), 13, "lab1-network");
  write_lab("lab1-network", lab1);
  std::filesystem::create_directories(root_ / "common");
  const auto labs = discover_labs(root_);
  ASSERT_EQ(labs.size(), 2U);
  EXPECT_EQ(labs[0].id, "lab1-network");
  EXPECT_EQ(labs[1].id, "lab2-detector");
  EXPECT_EQ(labs[1].file, root_ / "lab2-detector" / "lab.toml");
}

TEST_F(LabTree, DiscoverReportsProblemsOfEveryBadManifest) {
  write_lab("lab1-network", kValid);  // id does not match the folder
  write_lab("lab2-detector", "[lab\n");
  try {
    discover_labs(root_);
    FAIL() << "accepted invalid labs";
  } catch (const ManifestError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2U);
    EXPECT_NE(e.diagnostics()[0].to_string().find("lab1-network/lab.toml:2: lab.id"), std::string::npos);
    EXPECT_NE(e.diagnostics()[1].to_string().find("lab2-detector/lab.toml:1: TOML syntax error"), std::string::npos);
  }
}

TEST_F(LabTree, MissingManifestIsAClearError) {
  std::filesystem::create_directories(root_ / "lab9");
  EXPECT_THROW(load_lab(root_ / "lab9"), ManifestError);
  EXPECT_THROW(discover_labs(root_ / "nope"), ManifestError);
}

}  // namespace
}  // namespace dslab::manifest
