// Checking history files by model name: what `dslab lincheck` and the benchmark call.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/lincheck/history.hpp"
#include "runtime/lincheck/result.hpp"

namespace dslab::lincheck {

/// The built-in models, by the name the command line uses.
enum class ModelKind { kRegister, kKv, kBank };

/// "register", "kv" or "bank" to a ModelKind; empty for anything else.
std::optional<ModelKind> parse_model_kind(std::string_view name);

/// One operation of a checked history, as the explanation describes it (for pictures).
struct OperationView {
  int client = 0;
  Time call = 0;
  Time ret = kNever;   ///< kNever when the outcome is unknown
  bool known = false;  ///< the operation returned an answer
  std::string what;    ///< the model's description: "write(4) -> ok"
  std::string text;    ///< as in Explanation: "client 3: write(4) -> ok  [t=12..15]"
};

/// The check of one file.
struct FileReport {
  std::string file;
  Result result;
  double seconds = 0;  ///< wall time, parsing included
  /// Every operation of the history, in file order, when the check was asked to keep them.
  std::vector<OperationView> operations = {};
};

/// Parses `in` (named `file` in errors) as a history of `kind` and checks it. Throws
/// InputError for malformed input or inconsistent times, and for a history without any
/// operation unless `allow_empty` (so a truncated or mistyped file never passes).
/// With `keep_operations`, the report also lists every operation (FileReport::operations).
FileReport check_stream(std::istream& in, const std::string& file, ModelKind kind,
                        const Options& options, bool allow_empty = false,
                        bool keep_operations = false);

/// Opens and checks the file at `path`; throws InputError if it does not exist, is a directory,
/// cannot be read, is malformed, or (unless `allow_empty`) holds no operation.
FileReport check_file(const std::string& path, ModelKind kind, const Options& options,
                      bool allow_empty = false, bool keep_operations = false);

/// One line: "<file>  <verdict>  <n> ops  <ms> ms" (and the reason when unknown or violated).
std::string summary_line(const FileReport& report);

}  // namespace dslab::lincheck
