// runtime/ipc/output_capture.cpp: the drain thread behind OutputCapture.
#include "runtime/ipc/output_capture.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <system_error>

namespace dslab::ipc {

OutputCapture::OutputCapture(int read_fd, std::size_t limit)
    : fd_(read_fd), stop_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)), limit_(limit) {
  if (stop_fd_ < 0) {
    close(fd_);
    throw std::system_error(errno, std::generic_category(), "ipc: eventfd");
  }
  fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK);
  thread_ = std::thread([this] { run(); });
}

OutputCapture::~OutputCapture() {
  stop();
  close(fd_);
  close(stop_fd_);
}

void OutputCapture::stop() {
  if (!thread_.joinable()) return;
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = write(stop_fd_, &one, sizeof one);
  thread_.join();
}

CapturedOutput OutputCapture::snapshot() const {
  const std::lock_guard lock(mutex_);
  return output_;
}

bool OutputCapture::wait_closed(Deadline deadline) const {
  std::unique_lock lock(mutex_);
  return changed_cv_.wait_until(lock, deadline, [this] { return output_.closed; });
}

bool OutputCapture::wait_until(const std::function<bool(const CapturedOutput&)>& ready,
                               Deadline deadline) const {
  std::unique_lock lock(mutex_);
  return changed_cv_.wait_until(lock, deadline, [&] { return ready(output_); });
}

ssize_t OutputCapture::read_once() {
  std::array<char, 65536> buffer{};
  const std::lock_guard reading(read_mutex_);
  const ssize_t n = read(fd_, buffer.data(), buffer.size());
  if (n > 0) {
    const auto count = static_cast<std::size_t>(n);
    const std::lock_guard lock(mutex_);
    const std::size_t room = limit_ - std::min(limit_, output_.kept.size());
    output_.kept.append(buffer.data(), std::min(room, count));
    output_.total_bytes += count;
    changed_cv_.notify_all();
  }
  return n;
}

bool OutputCapture::drain_available() {
  for (;;) {
    const ssize_t n = read_once();
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    return false;  // EOF, or an error we cannot recover from: treat as closed
  }
}

void OutputCapture::drain_now() {
  // Non-blocking fd: stops when the pipe is empty, at EOF (the drain thread records that) or on
  // an error; bounded by what the writers put in the pipe before they exited.
  for (;;) {
    const ssize_t n = read_once();
    if (n > 0 || (n < 0 && errno == EINTR)) continue;
    return;
  }
}

void OutputCapture::run() {
  bool open = true;
  while (open) {
    std::array<pollfd, 2> fds{{{fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}}};
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents != 0) open = drain_available();
    if (open && fds[1].revents != 0) {
      open = drain_available();
      break;  // stop requested: what was in the pipe is read, the rest is not ours to wait for
    }
  }
  const std::lock_guard lock(mutex_);
  if (!open) output_.closed = true;
  changed_cv_.notify_all();
}

}  // namespace dslab::ipc
