// The hidden-tests bundle: a tar.gz of labs/<lab>/tests/hidden/ for the grading workflow.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dslab::publish {

/// Writes `file` (a gzip'd tar, paths relative to the course root, e.g.
/// labs/lab2-detector/tests/hidden/detector_hidden_test.cpp) holding the hidden tests of `labs` that have
/// a tests/hidden folder. Extracting it at the root of a student repository (or of any tree
/// with the same labs/) restores the grader's hidden tests. Returns the number of files.
/// Throws std::runtime_error if tar fails or no lab has hidden tests.
size_t write_tests_bundle(const std::filesystem::path& source_root, const std::vector<std::string>& labs,
                          const std::filesystem::path& file);

}  // namespace dslab::publish
