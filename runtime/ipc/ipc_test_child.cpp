// runtime/ipc/ipc_test_child.cpp: a child program for the ipc tests and benchmark; argv[1] picks
// how it behaves (well or badly).
#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/env/env.hpp"
#include "runtime/ipc/endpoint.hpp"

namespace {

using dslab::ipc::Endpoint;

std::span<const std::byte> as_bytes(std::string_view text) {
  return std::as_bytes(std::span<const char>(text.data(), text.size()));
}

void echo_forever(Endpoint& ep) {
  while (auto request = ep.next_request()) ep.reply(*request);
}

// Replies with the number of requests seen so far (8 bytes, little-endian).
void count(Endpoint& ep) {
  std::uint64_t seen = 0;
  while (auto request = ep.next_request()) {
    ++seen;
    std::array<std::byte, 8> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = std::byte((seen >> (8 * i)) & 0xff);
    ep.reply(out);
  }
}

void write_all(int fd, std::size_t bytes, char fill) {
  const std::string chunk(std::size_t{1} << 16, fill);
  while (bytes > 0) {
    const std::size_t n = std::min(bytes, chunk.size());
    const ssize_t w = write(fd, chunk.data(), n);
    if (w <= 0) return;
    bytes -= static_cast<std::size_t>(w);
  }
}

std::string open_fds() {
  std::string out;
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return "error";
  const int own = dirfd(dir);
  std::vector<int> fds;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    const int fd = std::atoi(entry->d_name);
    if (fd != own) fds.push_back(fd);
  }
  closedir(dir);
  std::sort(fds.begin(), fds.end());
  for (int fd : fds) out += (out.empty() ? "" : " ") + std::to_string(fd);
  return out;
}

// Echoes length-prefixed messages over the socket in DSLAB_TEST_SOCK_FD (benchmark baseline).
int socket_echo() {
  const auto value = dslab::env::text(dslab::env::kTestSockFd);
  if (!value) return 2;
  const int fd = static_cast<int>(dslab::env::parse_number(dslab::env::kTestSockFd, *value, 1 << 20));
  std::vector<char> buffer(std::size_t{1} << 20);
  for (;;) {
    const ssize_t n = read(fd, buffer.data(), buffer.size());
    if (n <= 0) return 0;
    if (write(fd, buffer.data(), static_cast<std::size_t>(n)) != n) return 1;
  }
}

// The modes that break the protocol on purpose. Returns false for an unknown mode.
bool misbehave(std::string_view mode, Endpoint& ep) {
  if (mode == "abort" || mode == "segv" || mode == "hang") {
    if (!ep.next_request()) return true;
    if (mode == "abort") std::abort();
    if (mode == "segv") {
      signal(SIGSEGV, SIG_DFL);  // sanitizer builds install a SEGV handler that exits instead
      raise(SIGSEGV);
    }
    for (;;) pause();
  } else if (mode == "garbage-length") {
    if (!ep.next_request()) return true;
    ep.header_for_testing().response_len.store(0x7fffffffU);
    ep.header_for_testing().response_seq.store(ep.sequence());
    for (;;) pause();
  } else if (mode == "bad-seq") {
    if (!ep.next_request()) return true;
    ep.header_for_testing().response_seq.store(ep.sequence() + 7);
    for (;;) pause();
  } else if (mode == "double-reply") {
    // Bumps the response number only when the test signals that it has read the first
    // response, so the test sees a deterministic "answer to nothing".
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, nullptr);
    if (auto request = ep.next_request()) ep.reply(*request);
    int received = 0;
    sigwait(&usr1, &received);
    ep.header_for_testing().response_seq.store(ep.sequence() + 1);  // an answer to nothing
    [[maybe_unused]] const auto w = write(1, "bumped\n", 7);
    for (;;) pause();
  } else if (mode == "chaos") {
    // Scribbles pseudo-random values over everything it can write, forever.
    auto& h = ep.header_for_testing();
    std::uint32_t x = static_cast<std::uint32_t>(getpid()) | 1U;
    for (;;) {
      x ^= x << 13, x ^= x >> 17, x ^= x << 5;
      h.response_len.store(x % 4 == 0 ? x : x % 64);
      h.response_seq.store(x % 3 == 0 ? h.request_seq.load() : x >> 7);
      h.parent_sleeping.store(x & 1);
      h.request_seq.store(x % 5 == 0 ? x : h.request_seq.load());
      ep.response_area()[x % 64] = std::byte(x >> 24);
    }
  } else {
    return false;
  }
  return true;
}

int run(std::string_view mode, const std::vector<std::string>& args) {
  if (mode == "exit") return std::atoi(args.empty() ? "0" : args[0].c_str());
  if (mode == "socket-echo") return socket_echo();
  Endpoint::Options options;
  if (const auto spin = dslab::env::number(dslab::env::kIpcTestSpinUs, 10'000'000)) {
    options.spin = std::chrono::microseconds(static_cast<std::int64_t>(*spin));  // benchmark tuning
  }
  Endpoint ep = Endpoint::attach_from_env(dslab::ipc::kFdEnvVar, options);
  if (mode == "echo") {
    echo_forever(ep);
  } else if (mode == "count") {
    count(ep);
  } else if (mode == "exit-after") {
    for (int i = std::atoi(args.at(0).c_str()); i > 0; --i) {
      if (auto request = ep.next_request()) ep.reply(*request);
    }
    return 0;
  } else if (mode == "flood") {
    const auto per_call = static_cast<std::size_t>(std::atoll(args.at(0).c_str()));
    while (auto request = ep.next_request()) {
      write_all(1, per_call, 'o');
      write_all(2, per_call, 'e');
      ep.reply(*request);
    }
  } else if (mode == "truncate") {
    // A hostile child shrinking the region would make the parent's reads fault (SIGBUS).
    const int fd = std::atoi(std::getenv(dslab::ipc::kFdEnvVar));
    const bool refused = ftruncate(fd, 0) != 0 && errno == EPERM;
    if (ep.next_request()) ep.reply(as_bytes(refused ? "refused" : "truncated"));
    echo_forever(ep);
  } else if (mode == "list-fds") {
    if (ep.next_request()) ep.reply(as_bytes(open_fds()));
    echo_forever(ep);
  } else if (mode == "env") {
    const char* value = std::getenv(args.at(0).c_str());
    if (ep.next_request()) ep.reply(as_bytes(value != nullptr ? value : "<unset>"));
    echo_forever(ep);
  } else if (!misbehave(mode, ep)) {
    std::fprintf(stderr, "ipc_test_child: unknown mode '%s'\n", std::string(mode).c_str());
    return 2;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: ipc_test_child MODE [ARGS...]\n");
    return 2;
  }
  try {
    return run(argv[1], std::vector<std::string>(argv + 2, argv + argc));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "ipc_test_child: %s\n", error.what());
    return 3;
  }
}
