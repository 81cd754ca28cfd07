// The leak check (see leak_check.hpp): index the course tree's secret and legitimate lines,
// then scan every output file.
#include "grader/publish/leak_check.hpp"

#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "grader/publish/plan.hpp"

namespace dslab::publish {
namespace fs = std::filesystem;
namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool is_binary(const std::string& text) { return text.find('\0') != std::string::npos; }

template <typename F>
void for_each_line(const std::string& text, F&& f) {
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) f(++number, line);
}

// What the course tree holds, indexed for the scan.
struct Index {
  std::unordered_map<std::string, std::string> secret_lines;  // normalized -> "file:line"
  std::unordered_map<std::string, std::string> secret_files;  // content -> file
  std::unordered_set<std::string> legit_files;                // contents
};

Index build_index(const fs::path& root) {
  Index idx;
  std::unordered_set<std::string> legit_lines;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const fs::path rel = fs::relative(it->path(), root);
    if (is_ignored(rel)) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    const std::string text = read_all(it->path());
    const bool secret = is_secret(rel);
    if (secret) {
      idx.secret_files.emplace(text, rel.string());
    } else {
      idx.legit_files.insert(text);
    }
    if (is_binary(text)) continue;
    for_each_line(text, [&](int n, const std::string& line) {
      std::string norm = normalize_line(line);
      if (!long_enough(norm)) return;
      if (secret) {
        idx.secret_lines.emplace(std::move(norm), fmt::format("{}:{}", rel.string(), n));
      } else {
        legit_lines.insert(std::move(norm));
      }
    });
  }
  std::erase_if(idx.secret_lines, [&](const auto& kv) { return legit_lines.count(kv.first) != 0U; });
  return idx;
}

void scan_file(const Index& idx, const fs::path& file, const fs::path& rel, LeakReport& report) {
  if (is_secret(rel) || rel.begin()->string() == "solutions") {
    report.leaks.push_back({rel, 0, "path is in a secret area (solutions/, tests/hidden/, bugs/)"});
  }
  const std::string text = read_all(file);
  if (auto s = idx.secret_files.find(text); s != idx.secret_files.end() && idx.legit_files.count(text) == 0U) {
    report.leaks.push_back({rel, 0, "copy of " + s->second});
    return;
  }
  if (is_binary(text)) return;
  for_each_line(text, [&](int n, const std::string& line) {
    const std::string norm = normalize_line(line);
    if (!long_enough(norm)) return;
    if (auto s = idx.secret_lines.find(norm); s != idx.secret_lines.end()) {
      report.leaks.push_back({rel, n, "line of " + s->second});
    }
  });
}

}  // namespace

std::string normalize_line(std::string_view line) {
  std::string out;
  bool space = false;
  for (const char c : line) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

bool long_enough(std::string_view normalized) {
  size_t n = 0;
  for (const char c : normalized) n += c != ' ' ? 1 : 0;
  return n >= 30;
}

LeakReport check_leaks(const fs::path& source_root, const fs::path& output) {
  for (const auto& dir : {source_root, output}) {
    if (!fs::is_directory(dir)) throw std::runtime_error(fmt::format("leak check: no directory {}", dir.string()));
  }
  const Index idx = build_index(source_root);
  LeakReport report;
  report.secret_lines = idx.secret_lines.size();
  for (auto it = fs::recursive_directory_iterator(output); it != fs::recursive_directory_iterator(); ++it) {
    const fs::path rel = fs::relative(it->path(), output);
    if (it->is_directory() && rel == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    ++report.files_checked;
    scan_file(idx, it->path(), rel, report);
  }
  return report;
}

}  // namespace dslab::publish
