// Staging of submissions (see stage.hpp): what is copied, what never is, and what is refused.
#include "grader/grading/stage.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>

namespace dslab::grading {
namespace fs = std::filesystem;
namespace {

// Copies a directory of trusted sources, skipping what must never reach a student build.
void copy_tree(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator();
       ++it) {
    const fs::path rel = fs::relative(it->path(), from);
    const std::string first = rel.begin()->string();
    const std::string name = it->path().filename().string();
    const bool excluded = name == "hidden" || name == "bugs" || name == "exam" ||
                          first.rfind("build", 0) == 0 || name == ".git";
    if (excluded && it->is_directory()) {
      it.disable_recursion_pending();
      continue;
    }
    if (excluded) continue;
    if (it->is_directory()) {
      fs::create_directories(to / rel);
    } else if (it->is_regular_file()) {
      fs::copy_file(it->path(), to / rel, fs::copy_options::overwrite_existing);
    }
  }
}

// An owned descriptor.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string mib(std::uint64_t bytes) {
  return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20));
}

[[noreturn]] void refuse_link(const std::string& shown) {
  throw SubmissionRefused(fmt::format(
      "{} is a symbolic link; a submission may hold only regular files and folders "
      "(a link could point outside it)", shown));
}

// Opens `name` under `parent` as a directory without following a final symlink. Returns an
// invalid Fd when it does not exist; refuses a link or a non-directory.
Fd open_dir(int parent, const std::string& name, const std::string& shown) {
  Fd fd(openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (fd.get() >= 0) return fd;
  const int err = errno;
  struct stat st {};
  if (fstatat(parent, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return Fd();
  if (S_ISLNK(st.st_mode)) refuse_link(shown);
  if (!S_ISDIR(st.st_mode)) throw SubmissionRefused(shown + " is not a folder");
  throw std::runtime_error(fmt::format("cannot open {}: {}", shown, std::strerror(err)));
}

// Refuses a symlink anywhere under `dir` (never followed), counting entries against the bound.
void refuse_links_under(int dir, const std::string& shown, std::size_t& entries,
                        const StageLimits& limits) {
  const int copy = fcntl(dir, F_DUPFD_CLOEXEC, 0);
  std::unique_ptr<DIR, int (*)(DIR*)> d(copy < 0 ? nullptr : fdopendir(copy), closedir);
  if (!d) {
    if (copy >= 0) close(copy);
    throw std::runtime_error(fmt::format("cannot list {}: {}", shown, std::strerror(errno)));
  }
  while (const dirent* e = readdir(d.get())) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    if (++entries > limits.max_entries) {
      throw SubmissionRefused(fmt::format("{} holds more than {} files and folders", shown,
                                          limits.max_entries));
    }
    const std::string path = shown + "/" + name;
    struct stat st {};
    if (fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (S_ISLNK(st.st_mode)) refuse_link(path);
    if (S_ISDIR(st.st_mode)) {
      const Fd sub = open_dir(dir, name, path);
      if (sub.get() >= 0) refuse_links_under(sub.get(), path, entries, limits);
    }
  }
}

// A student file opened for copying, checked: regular, within the per-file bound.
struct OpenedFile {
  std::string name;  ///< as the manifest lists it
  Fd fd;
  std::uint64_t size = 0;
};

// Opens `rel` under `lab` component by component with O_NOFOLLOW. Invalid fd: missing.
OpenedFile open_student_file(int lab, const std::string& rel, const std::string& shown_lab,
                             const StageLimits& limits) {
  OpenedFile out;
  out.name = rel;
  const fs::path p(rel);
  Fd dir(fcntl(lab, F_DUPFD_CLOEXEC, 0));
  std::string shown = shown_lab;
  for (auto it = p.begin(); it != p.end(); ++it) {
    shown += "/" + it->string();
    if (std::next(it) != p.end()) {
      dir = open_dir(dir.get(), it->string(), shown);
      if (dir.get() < 0) return out;
      continue;
    }
    out.fd = Fd(openat(dir.get(), it->c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (out.fd.get() < 0 && errno == ELOOP) refuse_link(shown);
    if (out.fd.get() < 0 && errno != ENOENT) {
      throw SubmissionRefused(fmt::format("{} cannot be read: {}", shown, std::strerror(errno)));
    }
  }
  if (out.fd.get() < 0) return out;
  struct stat st {};
  if (fstat(out.fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    throw SubmissionRefused(shown + " is not a regular file");
  }
  out.size = static_cast<std::uint64_t>(st.st_size);
  if (out.size > limits.max_file_bytes) {
    throw SubmissionRefused(fmt::format("{} is {} bytes ({}); a student file may have at most {}",
                                        shown, out.size, mib(out.size),
                                        mib(limits.max_file_bytes)));
  }
  return out;
}

// Copies at most `bound` bytes of `from` to `to`; refuses a file that grew past it meanwhile.
void copy_bounded(const OpenedFile& from, const fs::path& to, std::uint64_t bound,
                  const std::string& shown) {
  fs::create_directories(to.parent_path());
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  char buf[65536];
  std::uint64_t copied = 0;
  for (;;) {
    const ssize_t n = read(from.fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(fmt::format("cannot read {}: {}", shown, std::strerror(errno)));
    if (n == 0) break;
    copied += static_cast<std::uint64_t>(n);
    if (copied > bound) throw SubmissionRefused(shown + " grew while it was being copied");
    out.write(buf, n);
  }
  if (!out) throw std::runtime_error("cannot write " + to.string());
}

}  // namespace

fs::path lab_folder(const fs::path& submission, const manifest::LabManifest& manifest) {
  const fs::path nested = submission / manifest.id;
  std::error_code ec;
  if (fs::exists(fs::symlink_status(nested, ec))) return nested;
  for (const auto& f : manifest.student_files) {
    if (fs::exists(fs::symlink_status(submission / f, ec))) return submission;
  }
  return nested;
}

namespace {

// A submission checked by the staging rules, its student files opened (an invalid fd: missing).
struct OpenedSubmission {
  std::string shown_lab;  ///< the lab folder as messages name it
  std::vector<OpenedFile> files;
};

// Checks `submission` (no symlink anywhere under the lab folder, entry and size bounds) and opens
// its student files; nothing is read yet.
OpenedSubmission open_submission(const manifest::LabManifest& manifest, const fs::path& submission,
                                 const StageLimits& limits) {
  if (!fs::is_directory(submission)) {
    throw std::runtime_error(fmt::format("submission {} is not a directory", submission.string()));
  }
  const fs::path from = lab_folder(submission, manifest);
  const Fd top(open(submission.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (top.get() < 0) throw std::runtime_error("cannot open " + submission.string());
  const bool nested = from != submission;
  const std::string shown_lab = nested ? manifest.id : std::string(".");
  Fd lab = nested ? open_dir(top.get(), manifest.id, shown_lab)
                  : Fd(fcntl(top.get(), F_DUPFD_CLOEXEC, 0));
  std::vector<OpenedFile> files;
  if (lab.get() >= 0) {
    std::size_t entries = 0;
    refuse_links_under(lab.get(), shown_lab, entries, limits);
    std::uint64_t total = 0;
    for (const auto& f : manifest.student_files) {
      files.push_back(open_student_file(lab.get(), f, shown_lab, limits));
      total += files.back().size;
    }
    if (total > limits.max_total_bytes) {
      throw SubmissionRefused(fmt::format("the student files of {} total {}; together they may "
                                          "have at most {}", manifest.id, mib(total),
                                          mib(limits.max_total_bytes)));
    }
  }
  return {shown_lab, std::move(files)};
}

}  // namespace

StudentFiles read_student_files(const manifest::LabManifest& manifest, const fs::path& submission,
                                const StageLimits& limits) {
  OpenedSubmission opened = open_submission(manifest, submission, limits);
  StudentFiles out;
  out.lab_dir = lab_folder(submission, manifest);
  for (const auto& name : manifest.student_files) {
    const auto it = std::find_if(opened.files.begin(), opened.files.end(),
                                 [&](const OpenedFile& o) { return o.name == name; });
    if (it == opened.files.end() || it->fd.get() < 0) {
      out.missing.push_back(name);
      continue;
    }
    const OpenedFile& f = *it;
    const std::string shown = opened.shown_lab + "/" + f.name;
    std::string content;
    char buf[65536];
    for (;;) {
      const ssize_t n = read(f.fd.get(), buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0)
        throw SubmissionRefused(fmt::format("{} cannot be read: {}", shown, std::strerror(errno)));
      if (n == 0) break;
      if (content.size() + static_cast<std::size_t>(n) > limits.max_file_bytes) {
        throw SubmissionRefused(shown + " grew while it was being read");
      }
      content.append(buf, static_cast<std::size_t>(n));
    }
    out.files.push_back({f.name, std::move(content)});
  }
  return out;
}

StagedTree stage(const fs::path& source_root, const manifest::LabManifest& manifest,
                 const fs::path& submission, const fs::path& work, const StageLimits& limits) {
  if (fs::exists(work) && !fs::is_empty(work)) {
    throw std::runtime_error(fmt::format("staging directory {} is not empty", work.string()));
  }
  // The submission is checked (and its files opened) before anything is copied.
  OpenedSubmission opened = open_submission(manifest, submission, limits);
  const std::string& shown_lab = opened.shown_lab;
  std::vector<OpenedFile>& files = opened.files;

  StagedTree tree;
  tree.root = work / "src";
  tree.student_dir = work / "src" / "submission";
  fs::create_directories(tree.root);
  for (const char* file : {"CMakeLists.txt", "CMakePresets.json"}) {
    fs::copy_file(source_root / file, tree.root / file);
  }
  copy_tree(source_root / "cmake", tree.root / "cmake");
  copy_tree(source_root / "runtime", tree.root / "runtime");
  fs::create_directories(tree.root / "labs");
  fs::copy_file(source_root / "labs" / "CMakeLists.txt", tree.root / "labs" / "CMakeLists.txt");
  copy_tree(source_root / "labs" / manifest.id, tree.root / "labs" / manifest.id);

  const fs::path to = tree.student_dir / manifest.id;
  fs::create_directories(to);
  for (const auto& f : manifest.student_files) {
    const auto it = std::find_if(files.begin(), files.end(),
                                 [&](const OpenedFile& o) { return o.name == f; });
    if (it == files.end() || it->fd.get() < 0) {
      tree.missing.push_back(f);
      continue;
    }
    copy_bounded(*it, to / f, limits.max_file_bytes, shown_lab + "/" + f);
  }
  return tree;
}

}  // namespace dslab::grading
