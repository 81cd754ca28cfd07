// Headless chromium for the viewer's browser test: fork, exec, read the DOM dump, time out.
#include "runtime/viewer/browser.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

namespace dslab::viewer {
namespace fs = std::filesystem;

std::optional<fs::path> find_chromium() {
  const char* path = std::getenv("PATH");  // NOLINT(concurrency-mt-unsafe): tests only
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  for (std::size_t at = 0; at <= dirs.size();) {
    const std::size_t end = std::min(dirs.find(':', at), dirs.size());
    const fs::path dir = dirs.substr(at, end - at);
    for (const char* name : {"chromium", "chromium-browser"}) {
      std::error_code ec;
      if (!dir.empty() && fs::is_regular_file(dir / name, ec) && access((dir / name).c_str(), X_OK) == 0) {
        return dir / name;
      }
    }
    at = end + 1;
  }
  return std::nullopt;
}

namespace {

// Reads the child's stdout until EOF or the deadline; false on timeout.
bool read_all(int fd, std::chrono::steady_clock::time_point deadline, std::string& out) {
  char buffer[65536];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

std::optional<std::string> dump_dom(const fs::path& chromium, const fs::path& page,
                                    std::chrono::milliseconds timeout, std::string& error,
                                    const std::string& fragment) {
  std::string profile = (fs::temp_directory_path() / "dslab-viewer-XXXXXX").string();
  if (mkdtemp(profile.data()) == nullptr) {
    error = "cannot create a profile directory";
    return std::nullopt;
  }
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    error = "pipe failed";
    fs::remove_all(profile);
    return std::nullopt;
  }
  std::vector<std::string> args = {chromium.string(), "--headless", "--no-sandbox", "--disable-gpu",
                                   "--disable-quic", "--no-first-run", "--disable-background-networking",
                                   "--disable-component-update", "--disable-sync",
                                   "--user-data-dir=" + profile, "--dump-dom",
                                   "file://" + fs::absolute(page).string() +
                                       (fragment.empty() ? "" : "#" + fragment)};
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);  // chromium's helpers go with it when the group is killed
    dup2(pipe_fds[1], STDOUT_FILENO);
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDERR_FILENO);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  std::string out;
  const bool finished = pid > 0 && read_all(pipe_fds[0], std::chrono::steady_clock::now() + timeout, out);
  close(pipe_fds[0]);
  int status = 0;
  if (pid > 0) {
    if (!finished) kill(-pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    kill(-pid, SIGKILL);  // any helper left behind
  }
  std::error_code ec;
  fs::remove_all(profile, ec);
  if (pid < 0) error = "fork failed";
  else if (!finished) error = "chromium did not finish within " + std::to_string(timeout.count()) + " ms";
  else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) error = "chromium failed (status " + std::to_string(status) + ")";
  else if (out.empty()) error = "chromium printed no DOM";
  if (!error.empty()) return std::nullopt;
  return out;
}

std::optional<std::string> attribute(const std::string& dom, const std::string& name) {
  const std::string key = " " + name + "=\"";
  const std::size_t at = dom.find(key);
  if (at == std::string::npos) return std::nullopt;
  const std::size_t from = at + key.size();
  const std::size_t end = dom.find('"', from);
  if (end == std::string::npos) return std::nullopt;
  return dom.substr(from, end - from);
}

}  // namespace dslab::viewer
