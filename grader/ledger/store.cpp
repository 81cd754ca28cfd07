// Locked, atomic reads and writes of the ledger file.
#include "grader/ledger/store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>

namespace dslab::ledger {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  throw LedgerError(fmt::format("{} {}: {}", what, path.string(), std::strerror(errno)));
}

// An flock held for the lifetime of the object.
class FileLock {
 public:
  FileLock(const std::filesystem::path& path, int operation) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) fail("cannot open lock file", path);
    while (::flock(fd_, operation) != 0) {
      if (errno != EINTR) {
        ::close(fd_);
        fail("cannot lock", path);
      }
    }
  }
  ~FileLock() { ::close(fd_); }  // closing releases the lock
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

Ledger read_ledger(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(file)) return Ledger{};
    throw LedgerError(fmt::format("cannot read ledger {}", file.string()));
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  try {
    return ledger_from_json(nlohmann::json::parse(buf.str()));
  } catch (const nlohmann::json::parse_error& e) {
    throw LedgerError(fmt::format("ledger {} is not valid JSON: {}", file.string(), e.what()));
  } catch (const LedgerError& e) {
    throw LedgerError(fmt::format("ledger {}: {}", file.string(), e.what()));
  }
}

void write_all(int fd, const std::string& data, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write", path);
    done += static_cast<std::size_t>(n);
  }
}

void fsync_dir(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("cannot open directory", dir);
  ::fsync(fd);
  ::close(fd);
}

// Temporary files left by a writer that crashed; only called under the exclusive lock.
void remove_stale_temps(const std::filesystem::path& file) {
  const std::string prefix = file.filename().string() + ".tmp.";
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(file.parent_path(), ec)) {
    if (e.path().filename().string().rfind(prefix, 0) == 0) std::filesystem::remove(e.path(), ec);
  }
}

}  // namespace

LedgerStore::LedgerStore(std::filesystem::path file, StoreHooks hooks)
    : file_(std::filesystem::absolute(file)), lock_file_(file_.string() + ".lock"), hooks_(std::move(hooks)) {}

Ledger LedgerStore::load() const {
  // No lock needed: writers replace the file by rename, so a reader sees a whole old or new file.
  return read_ledger(file_);
}

void LedgerStore::update(const manifest::Course& course, const std::function<void(Ledger&)>& change) {
  std::filesystem::create_directories(file_.parent_path());
  FileLock lock(lock_file_, LOCK_EX);
  remove_stale_temps(file_);
  Ledger ledger = read_ledger(file_);
  change(ledger);
  const std::string text = to_json(ledger, course).dump(2) + "\n";
  std::string temp = file_.string() + ".tmp.XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) fail("cannot create a temporary file next to", file_);
  bool fd_open = true;
  try {
    write_all(fd, text, temp);
    if (::fsync(fd) != 0) fail("cannot fsync", temp);
    ::fchmod(fd, 0644);
    fd_open = false;
    if (::close(fd) != 0) fail("cannot close", temp);
    if (hooks_.before_rename) hooks_.before_rename();
    if (::rename(temp.c_str(), file_.c_str()) != 0) fail("cannot replace", file_);
  } catch (...) {
    if (fd_open) ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  fsync_dir(file_.parent_path());
}

}  // namespace dslab::ledger
