// The synthetic corpus of the similarity tests and benchmark: disguised copies made from real
// code (renamed, reordered, re-commented, with statements inserted), random independent
// programs, and the independent lab 2 implementations the tests keep as data.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "grader/similarity/corpus.hpp"

namespace dslab::similarity::synthetic {

/// What disguise() does; rates are per mille of lines.
struct DisguiseOptions {
  bool rename = true;             ///< every identifier that is not a keyword gets a new name
  bool reorder = true;            ///< the top-level definitions are shuffled
  int comment_per_mille = 150;    ///< a comment line added after a line
  int blank_per_mille = 100;      ///< a blank line added after a line
  int statement_per_mille = 100;  ///< a harmless statement added after a statement in a body
};

/// A disguised copy of C++ `source`, the same for the same seed. Only what a copier would do
/// by hand: the copy keeps every statement of the original, in its order within a definition.
std::string disguise(std::string_view source, std::uint64_t seed,
                     const DisguiseOptions& options = {});

/// An independent random C++ program of about `lines` lines (functions of random statements:
/// assignments, calls, conditions, loops), the same for the same seed.
std::string random_program(std::uint64_t seed, std::size_t lines);

/// One implementation kept as test data: its name and its files.
struct Implementation {
  std::string name;
  std::vector<SourceFile> files;
};

/// The independent implementations of lab 2 under grader/similarity/testdata/lab2-detector
/// (one folder each), sorted by name.
std::vector<Implementation> lab2_implementations(const std::filesystem::path& source_root);

/// Writes `files` into the folder `dir` (created), as a submission holding the files directly.
void write_submission(const std::filesystem::path& dir, const std::vector<SourceFile>& files);

}  // namespace dslab::similarity::synthetic
