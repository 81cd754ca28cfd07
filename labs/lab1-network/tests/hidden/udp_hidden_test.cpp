// Lab 1 part 1, hidden: fuzzed datagrams against the oracle, many concurrent clients.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "labs/lab1-network/tests/common/fixtures.hpp"
#include "labs/lab1-network/tests/hidden/command_oracle.hpp"
#include "runtime/random/random.hpp"
#include "runtime/testing/seeds.hpp"

namespace lab1::tests {
namespace {

using UdpHidden = UdpServerTest;

std::string random_bytes(dslab::random::Rng& rng, std::size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng.below(256));
  return s;
}

/// A datagram from a mix of shapes: valid, near-miss, binary, empty, oversized.
std::string fuzz_datagram(dslab::random::Rng& rng) {
  static const char* kNames[] = {"UPPER", "LOWER", "CAMEL", "ROT13", "SWAP", "upper", "UPPE",
                                 "ROT", "SWAPX", ""};
  static const char* kSeps[] = {"|:|", "|:", ":|", "||", "|:|:|", ""};
  switch (rng.below(6)) {
    case 0: return random_bytes(rng, rng.below(64));
    case 1: return random_bytes(rng, 1000 + rng.below(1200));
    case 2: return std::string(kNames[rng.below(10)]) + kSeps[rng.below(6)] + random_bytes(rng, rng.below(40));
    case 3: return std::string(kNames[rng.below(5)]) + "|:|" + random_bytes(rng, 1010 + rng.below(30));
    case 4: return std::string(kNames[rng.below(5)]) + "|:|" + random_bytes(rng, 60000 + rng.below(5400));
    default: return std::string(kNames[rng.below(5)]) + "|:|" + random_bytes(rng, rng.below(200));
  }
}

TEST_F(UdpHidden, FuzzedDatagrams_AnsweredPerSpecAndServerSurvives) {
  for (const std::uint64_t seed : dslab::labkit::seeds(20)) {
    dslab::random::Rng rng(seed);
    for (int i = 0; i < 40; ++i) {
      const std::string request = fuzz_datagram(rng);
      const auto reply = ask(request);
      ASSERT_TRUE(reply.has_value()) << "seed " << seed << " datagram " << i << " ("
                                     << request.size() << " bytes) got no reply\n"
                                     << server_->describe();
      ASSERT_EQ(*reply, expected_reply(request))
          << "seed " << seed << " datagram " << i << ": " << ::testing::PrintToString(request.substr(0, 80));
    }
  }
  ASSERT_EQ(ask("SWAP|:|Alive").value_or("<none>"), "aLIVE");
}

TEST_F(UdpHidden, ManyConcurrentClients_EachGetsItsOwnReply) {
  constexpr int kClients = 16;
  constexpr int kRequests = 60;
  std::atomic<int> wrong{0};
  std::atomic<int> missing{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      dslab::random::Rng rng(static_cast<std::uint64_t>(1000 + c));
      for (int i = 0; i < kRequests && missing.load() < 10; ++i) {
        const std::string request = std::string(i % 2 ? "SWAP" : "ROT13") + "|:|client " +
                                    std::to_string(c) + " request " + std::to_string(i) + " " +
                                    random_bytes(rng, rng.below(20));
        const auto reply = ask(request, 4, milliseconds(500));
        if (!reply) {
          ++missing;
        } else if (*reply != expected_reply(request)) {
          ++wrong;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(missing.load(), 0) << server_->describe();
  EXPECT_EQ(wrong.load(), 0) << "replies went to the wrong client or were wrong";
}

}  // namespace
}  // namespace lab1::tests
