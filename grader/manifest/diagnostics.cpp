// Diagnostics for manifest and course files: formatting and the aggregate exception.
#include "grader/manifest/diagnostics.hpp"

#include <algorithm>

namespace dslab::manifest {
namespace {

std::string join(const std::vector<Diagnostic>& list) {
  std::string out;
  for (const auto& d : list) {
    if (!out.empty()) out += '\n';
    out += d.to_string();
  }
  return out;
}

}  // namespace

std::string Diagnostic::to_string() const {
  if (line <= 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ": " + message;
}

ManifestError::ManifestError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

void Diagnostics::error(int line, int column, std::string message) {
  list_.push_back(Diagnostic{file_, line, column, std::move(message)});
}

void Diagnostics::throw_if_any() const {
  if (list_.empty()) return;
  auto sorted = list_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  throw ManifestError(std::move(sorted));
}

}  // namespace dslab::manifest
