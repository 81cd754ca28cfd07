// Lab 1 part 2, hidden: many clients at once (one thread), fuzzed streams, a slow reader.
#include <gtest/gtest.h>

#include <dirent.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "labs/lab1-network/tests/common/fixtures.hpp"
#include "runtime/random/random.hpp"
#include "runtime/testing/seeds.hpp"

namespace lab1::tests {
namespace {

using EchoHidden = TcpServerTest;
constexpr std::size_t kMax = 65536;

/// Threads of `root` and all its descendants (the launcher, if any, included), from /proc.
int max_threads_in_tree(int root) {
  std::map<int, int> parent;
  std::map<int, int> threads;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return -1;
  while (dirent* e = readdir(proc)) {
    const int pid = std::atoi(e->d_name);
    if (pid <= 0) continue;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    std::istringstream rest(line.substr(line.rfind(')') + 2));
    std::string state;
    int ppid = 0;
    rest >> state >> ppid;
    std::string field;
    for (int i = 0; i < 15 && rest >> field; ++i) {}  // fields 6..20; 20 is num_threads
    parent[pid] = ppid;
    threads[pid] = std::atoi(field.c_str());
  }
  closedir(proc);
  int most = 0;
  for (const auto& [pid, n] : threads) {
    for (int p = pid; p > 1; p = parent.count(p) ? parent[p] : 0) {
      if (p == root) {
        most = std::max(most, n);
        break;
      }
    }
  }
  return most;
}

TEST_F(EchoHidden, ManyClientsAtOnce_OneThreadServesAll) {
  start("lab1_echo_server");
  dslab::random::Rng rng(7);
  constexpr int kClients = 64;
  std::vector<std::unique_ptr<FrameStream>> clients;
  std::vector<std::vector<std::string>> sent(kClients);
  for (int c = 0; c < kClients; ++c) clients.push_back(std::make_unique<FrameStream>(listener_.address));
  for (int round = 0; round < 8; ++round) {
    for (int c = 0; c < kClients; ++c) {
      std::string payload = "c" + std::to_string(c) + "r" + std::to_string(round) + ":" +
                            std::string(rng.below(3000), static_cast<char>('a' + rng.below(26)));
      ASSERT_TRUE(clients[static_cast<std::size_t>(c)]->send_raw(frame(payload))) << server_->describe();
      sent[static_cast<std::size_t>(c)].push_back(std::move(payload));
    }
  }
  for (int c = 0; c < kClients; ++c) {
    for (const std::string& p : sent[static_cast<std::size_t>(c)]) {
      const auto got = clients[static_cast<std::size_t>(c)]->read_frame(milliseconds(5000));
      ASSERT_TRUE(got.has_value()) << "client " << c << " missing an echo; " << server_->describe();
      ASSERT_EQ(*got, p) << "client " << c;
    }
  }
  // All 64 connections are open now: a thread per client would show here.
  const int threads = max_threads_in_tree(server_->pid());
  EXPECT_LE(threads, 4) << "the server runs " << threads << " threads for " << kClients
                        << " clients: use poll/epoll, not a thread per client";
}

/// What the handout says a client sending `stream` then EOF gets: the echo of every complete
/// frame before the first oversized header; and whether the stream is clean (no violation).
std::pair<std::vector<std::string>, bool> expected_echoes(const std::string& stream) {
  std::vector<std::string> frames;
  std::size_t pos = 0;
  while (stream.size() - pos >= 4) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < 4; ++i) n = (n << 8) | static_cast<unsigned char>(stream[pos + i]);
    if (n > kMax) return {frames, false};
    if (stream.size() - pos - 4 < n) return {frames, false};
    frames.push_back(stream.substr(pos + 4, n));
    pos += 4 + n;
  }
  return {frames, pos == stream.size()};
}

std::string fuzz_stream(dslab::random::Rng& rng) {
  std::string s;
  const auto parts = rng.below(6);
  for (std::uint64_t i = 0; i < parts; ++i) {
    std::string payload(rng.below(rng.chance({1, 4}) ? 70000 : 300), '\0');
    for (char& c : payload) c = static_cast<char>(rng.below(256));
    if (rng.chance({1, 8})) {
      s += std::string(1, static_cast<char>(rng.below(256))) + "\x01\x02\x03";  // junk header
    } else {
      s += payload.size() <= kMax ? frame(payload) : std::string("\x00\x01\x11\x70", 4) + payload;
    }
  }
  if (rng.chance({1, 4})) s += frame("cut short").substr(0, 1 + rng.below(8));
  return s;
}

TEST_F(EchoHidden, FuzzedStreams_ExactEchoOrPrefixThenClose) {
  start("lab1_echo_server");
  for (const std::uint64_t seed : dslab::labkit::seeds(30)) {
    dslab::random::Rng rng(seed);
    const std::string stream = fuzz_stream(rng);
    const auto [frames, clean] = expected_echoes(stream);
    FrameStream hostile(listener_.address);
    ASSERT_TRUE(hostile.send_raw(stream) || !clean) << "seed " << seed;
    hostile.shutdown_send();
    std::size_t got = 0;
    while (auto echo = hostile.read_frame(milliseconds(5000), 1 << 20)) {
      ASSERT_LT(got, frames.size()) << "seed " << seed << ": an echo of a frame never sent";
      ASSERT_EQ(*echo, frames[got]) << "seed " << seed << " frame " << got;
      ++got;
    }
    if (clean) {
      EXPECT_EQ(got, frames.size()) << "seed " << seed << ": echoes missing";
    }
    EXPECT_TRUE(hostile.closed_by_peer(milliseconds(5000))) << "seed " << seed << ": not closed";
    FrameStream good(listener_.address);
    ASSERT_TRUE(good.send_raw(frame("ok " + std::to_string(seed))));
    ASSERT_EQ(good.read_frame(milliseconds(5000)).value_or("<none>"), "ok " + std::to_string(seed))
        << "seed " << seed << ": server broken after a hostile client; " << server_->describe();
  }
}

TEST_F(EchoHidden, ClientThatNeverReads_DoesNotBlockOthers) {
  start("lab1_echo_server");
  FrameStream hog(listener_.address);
  const std::string big = frame(std::string(60000, 'h'));
  int sent = 0;
  while (sent < 200 && hog.send_raw(big, milliseconds(200))) ++sent;  // until the pipes fill
  FrameStream other(listener_.address);
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(other.send_raw(frame("ping " + std::to_string(i))));
    ASSERT_EQ(other.read_frame(milliseconds(5000)).value_or("<none>"), "ping " + std::to_string(i))
        << "a client that does not read its echoes stalled the server; " << server_->describe();
  }
}

}  // namespace
}  // namespace lab1::tests
