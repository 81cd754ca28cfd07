// The lab manifest (labs/<lab>/lab.toml): what a lab is, which files students own, its tests.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dslab::manifest {

/// Individual labs are pass/fail; group labs are graded 0-100.
enum class LabKind { kIndividual, kGroup };
/// Public tests ship to students; hidden tests exist only on the grading side.
enum class Visibility { kPublic, kHidden };

std::string_view to_string(LabKind kind);        ///< "individual" | "group"
std::string_view to_string(Visibility v);        ///< "public" | "hidden"
std::optional<LabKind> parse_lab_kind(std::string_view s);
std::optional<Visibility> parse_visibility(std::string_view s);

/// One graded GoogleTest test. `binary`, `visibility` and `time_limit_seconds` come from the
/// [[tests]] entry or, when it does not set them, from the manifest's [defaults] table.
struct TestSpec {
  std::string name;         ///< GoogleTest full name "Suite.Test", unique in the lab
  std::string binary;       ///< base name of the test executable (the grader runs <binary>_isolated)
  int points = 0;           ///< > 0
  Visibility visibility = Visibility::kPublic;
  int time_limit_seconds = 0;  ///< wall clock, > 0
  std::string property;        ///< what it checks, in words (required for hidden tests)
  int line = 0;                ///< where the [[tests]] entry starts in the file
};

/// The grading budget of a lab whose manifest sets none (seconds).
inline constexpr int kDefaultBudgetSeconds = 1200;

/// A validated lab manifest. Invariants (enforced by the loaders): id matches the folder, at
/// least one test, test names unique, points > 0, student_files relative without "..".
struct LabManifest {
  std::string id;
  std::string title;
  LabKind kind = LabKind::kGroup;
  double pass_threshold = 60;  ///< the lab passes with a score strictly above this
  /// Seconds one grading of this lab may take in all (staging, build and tests): [lab] budget,
  /// default kDefaultBudgetSeconds; `dslab grade --budget` overrides it.
  int budget_seconds = kDefaultBudgetSeconds;
  std::vector<std::string> student_files;
  std::vector<TestSpec> tests;
  std::filesystem::path file;  ///< the lab.toml it was read from (empty if parsed from text)

  /// Sum of all test points (> 0).
  int total_points() const;
  /// The test with that full name, or nullptr.
  const TestSpec* find_test(std::string_view name) const;
};

/// Parses and validates manifest text. `display_path` names the file in messages;
/// `expected_id` is the folder name the [lab] id must equal (empty: not checked).
/// Throws ManifestError listing every problem found.
LabManifest parse_lab_manifest(std::string_view text, const std::string& display_path,
                               const std::string& expected_id);

/// Loads `<lab_dir>/lab.toml`; the id must equal the folder name. Throws ManifestError (also
/// when the file is missing or unreadable).
LabManifest load_lab(const std::filesystem::path& lab_dir);

/// Every lab under `labs_root` (folders holding a lab.toml), sorted by id. Throws ManifestError
/// with the problems of every invalid manifest at once.
std::vector<LabManifest> discover_labs(const std::filesystem::path& labs_root);

/// The ids of the labs under `labs_root` (folders holding a lab.toml), sorted; empty if none.
std::vector<std::string> lab_ids(const std::filesystem::path& labs_root);
/// "no lab 'X' here; the labs are: lab1-network, lab2-detector" (or "...; there is no lab in
/// <labs_root>"): the one message for a wrong lab name anywhere in the CLI.
std::string unknown_lab(const std::filesystem::path& labs_root, const std::string& which);

/// Reads a whole file; throws ManifestError naming the file when it cannot.
std::string read_text_file(const std::filesystem::path& path);

}  // namespace dslab::manifest
