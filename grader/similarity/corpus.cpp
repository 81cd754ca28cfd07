// Reading submissions and the base (see corpus.hpp).
#include "grader/similarity/corpus.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace dslab::similarity {
namespace fs = std::filesystem;
namespace {

constexpr std::uintmax_t kMaxBaseFileBytes = 4ULL << 20;

bool is_binary(const std::string& text) { return text.find('\0') != std::string::npos; }

bool is_markdown(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".md" || ext == ".markdown";
}

// Reads a base file the instructor named; nullopt-like empty name when it is not usable text.
SourceFile read_base_file(const fs::path& path, const std::string& shown) {
  std::error_code ec;
  const auto st = fs::symlink_status(path, ec);
  if (ec || !fs::is_regular_file(st)) return {};
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec || size > kMaxBaseFileBytes) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("cannot read the base file {}", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  SourceFile f{shown, text.str()};
  if (is_binary(f.text)) return {};
  if (is_markdown(path)) f.text = markdown_code(f.text);
  return f;
}

// Every regular file under `dir` (links not followed), sorted by path, as base files.
void read_base_tree(const fs::path& dir, const std::string& shown, std::vector<SourceFile>& out) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_symlink(ec)) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec)
    throw InputError(fmt::format("cannot list the base folder {}: {}", dir.string(), ec.message()));
  std::sort(files.begin(), files.end());
  for (const auto& p : files) {
    SourceFile f = read_base_file(p, shown + "/" + fs::relative(p, dir).generic_string());
    if (!f.name.empty()) out.push_back(std::move(f));
  }
}

}  // namespace

Submission load_submission(const manifest::LabManifest& manifest, const fs::path& dir,
                           const grading::StageLimits& limits) {
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(dir, ec))) {
    throw InputError(
        fmt::format("{} is not a folder (a submission is a folder holding {}/<files> "
                    "or the files of {} directly)",
                    dir.string(), manifest.id, manifest.id));
  }
  Submission s;
  s.dir = dir;
  s.name = dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
  try {
    grading::StudentFiles read = grading::read_student_files(manifest, dir, limits);
    if (read.missing.size() == manifest.student_files.size()) {
      throw InputError(fmt::format(
          "{} holds none of the files of {} ({}), neither directly nor under {}/{}; if it holds "
          "one folder per submission, give those folders (e.g. {}/*)",
          dir.string(), manifest.id, fmt::join(manifest.student_files, ", "), dir.string(),
          manifest.id, dir.string()));
    }
    if (!read.missing.empty())
      s.notes.push_back(fmt::format("missing: {}", fmt::join(read.missing, ", ")));
    for (auto& f : read.files) {
      if (is_binary(f.content)) {
        s.notes.push_back(f.name + " is binary (it holds a NUL byte), left out");
        continue;
      }
      s.files.push_back({f.name, std::move(f.content)});
    }
  } catch (const grading::SubmissionRefused& e) {
    s.refused = e.what();
  }
  return s;
}

std::vector<Submission> load_archive(const manifest::LabManifest& manifest, const fs::path& dir,
                                     const grading::StageLimits& limits) {
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(dir, ec))) {
    throw InputError(
        fmt::format("the archive {} is not a folder (it holds one folder per past "
                    "submission)",
                    dir.string()));
  }
  std::vector<fs::path> folders;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    folders.push_back(it->path());
  }
  if (ec)
    throw InputError(fmt::format("cannot list the archive {}: {}", dir.string(), ec.message()));
  std::sort(folders.begin(), folders.end());
  std::vector<Submission> out;
  for (const auto& f : folders) {
    Submission s;
    if (!fs::is_directory(fs::symlink_status(f, ec))) continue;  // a stray file or link: not one
    try {
      s = load_submission(manifest, f, limits);
    } catch (const InputError& e) {
      s.dir = f;
      s.name = f.filename().string();
      s.refused = e.what();
    }
    s.name = "archive/" + s.name;
    s.archived = true;
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<SourceFile> load_base(const manifest::LabManifest& manifest,
                                  const fs::path& source_root, const std::vector<fs::path>& extra) {
  std::vector<SourceFile> out;
  const fs::path skeleton = source_root / "skeletons";
  if (fs::is_directory(skeleton / manifest.id)) {
    for (auto& f : grading::read_student_files(manifest, skeleton).files) {
      out.push_back({"skeletons/" + manifest.id + "/" + f.name, std::move(f.content)});
    }
  }
  const fs::path api = source_root / "labs" / manifest.id / "api";
  if (fs::is_directory(api)) read_base_tree(api, "labs/" + manifest.id + "/api", out);
  const fs::path handout = source_root / "labs" / manifest.id / "README.md";
  if (fs::is_regular_file(handout)) {
    SourceFile f = read_base_file(handout, "labs/" + manifest.id + "/README.md");
    if (!f.name.empty()) out.push_back(std::move(f));
  }
  for (const auto& p : extra) {
    std::error_code ec;
    const auto st = fs::symlink_status(p, ec);
    if (fs::is_directory(st)) {
      read_base_tree(p, p.string(), out);
    } else if (fs::is_regular_file(st)) {
      SourceFile f = read_base_file(p, p.string());
      if (f.name.empty())
        throw InputError(fmt::format("the base file {} is binary or over 4 MiB", p.string()));
      out.push_back(std::move(f));
    } else {
      throw InputError(
          fmt::format("--base {}: no such file or folder (a symbolic link is not "
                      "followed)",
                      p.string()));
    }
  }
  return out;
}

std::string markdown_code(const std::string& markdown) {
  std::string out;
  std::istringstream in(markdown);
  std::string line;
  std::string fence;  // the open fence ("```" or "~~~"), empty outside a block
  while (std::getline(in, line)) {
    const std::size_t lead = line.find_first_not_of(" \t");
    const std::string_view body =
        lead == std::string::npos ? std::string_view() : std::string_view(line).substr(lead);
    const bool is_fence = body.starts_with("```") || body.starts_with("~~~");
    if (is_fence && (fence.empty() || body.starts_with(fence))) {
      fence = fence.empty() ? std::string(body.substr(0, 3)) : std::string();
      out += '\n';
      continue;
    }
    if (!fence.empty()) out += line;
    out += '\n';
  }
  return out;
}

}  // namespace dslab::similarity
