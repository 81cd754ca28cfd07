// A lab's exam bank (labs/<lab>/exam/scenarios.toml): named scenarios with their start
// configuration and the questions tied to each, plus general questions and how many of each a
// student gets. Parsed defensively: every problem is reported with its file and line.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/node/types.hpp"

namespace dslab::exam {

/// One question for the student.
struct Question {
  std::string id;    ///< short and unique in the bank, e.g. "promise-below-round"
  std::string text;  ///< what the examiner asks
};

/// One scenario: a start configuration the session builds, then steps interactively.
struct Scenario {
  std::string id;
  std::string title;  ///< "The leader crashes between phase 1 and phase 2"
  std::string brief;  ///< for the examiner: what to steer towards (may be empty)
  int nodes = 3;
  Duration min_latency = msec(1);
  Duration max_latency = msec(5);
  /// Session commands run before the student takes over (lab inputs, run until, crash, ...).
  std::vector<std::string> setup;
  std::vector<std::string> questions;  ///< ids of the questions tied to this scenario
};

/// A lab's whole bank.
struct Bank {
  std::string lab;
  std::filesystem::path file;
  int pick_scenarios = 1;  ///< scenarios per student
  int pick_questions = 3;  ///< questions per student (the scenarios' own first)
  std::vector<Question> questions;
  std::vector<Scenario> scenarios;

  /// The question with this id; nullptr when none.
  const Question* question(std::string_view id) const;
};

/// The bank file of `lab` under `source_root` (labs/<lab>/exam/scenarios.toml).
std::filesystem::path bank_file(const std::filesystem::path& source_root, const std::string& lab);

/// Parses a bank. Throws manifest::ManifestError listing every problem as "file:line: ..."
/// (syntax, missing or mistyped keys, unknown keys, duplicate ids, dangling question ids,
/// bounds); `file` only names the text in messages.
Bank parse_bank(std::string_view text, const std::string& file, const std::string& lab);

/// Reads and parses `file`. Throws manifest::ManifestError (also when it cannot be read).
Bank load_bank(const std::filesystem::path& file, const std::string& lab);

}  // namespace dslab::exam
