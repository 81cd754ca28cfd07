// Errors found in a manifest or course file, each tied to a file, line and column.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace dslab::manifest {

/// One problem in an input file. line/column are 1-based; 0 means "the whole file".
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;

  /// "file:line: message" (or "file: message" when line is 0).
  std::string to_string() const;
};

/// Thrown when a manifest or course file is invalid. what() lists every diagnostic, one a line.
class ManifestError : public std::runtime_error {
 public:
  explicit ManifestError(std::vector<Diagnostic> diagnostics);
  /// Every problem found (at least one), in file order.
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// Collects diagnostics for one file while it is validated. Not thread-safe.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}
  /// Records an error at the given 1-based position (0 = unknown).
  void error(int line, int column, std::string message);
  bool empty() const { return list_.empty(); }
  const std::string& file() const { return file_; }
  /// Throws ManifestError with everything collected, if anything was.
  void throw_if_any() const;

 private:
  std::string file_;
  std::vector<Diagnostic> list_;
};

}  // namespace dslab::manifest
