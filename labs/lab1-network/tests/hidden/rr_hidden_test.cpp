// Lab 1 part 3, hidden: at-most-once execution through a faulty proxy, hostile messages, and
// the lazy-pirate client against a faulty trusted server.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "labs/lab1-network/tests/common/fixtures.hpp"
#include "labs/lab1-network/tests/common/zmq_peer.hpp"
#include "labs/lab1-network/tests/hidden/fault_proxy.hpp"
#include "runtime/random/random.hpp"
#include "runtime/testing/seeds.hpp"

namespace lab1::tests {
namespace {

using RrServerHidden = TcpServerTest;
constexpr int kClients = 4;
constexpr int kRequests = 30;

/// A trusted lazy-pirate client through the proxy; returns the replies it got, in order.
std::vector<std::string> run_trusted_client(const std::string& endpoint, std::uint64_t seed, int c) {
  DealerPeer peer(endpoint);
  std::vector<std::string> replies;
  for (int i = 0; i < kRequests; ++i) {
    const std::string id = "s" + std::to_string(seed) + "c" + std::to_string(c) + ":" + std::to_string(i);
    const std::string body = "INCR k" + std::to_string((c + i) % 3);
    for (int attempt = 0; attempt < 40; ++attempt) {
      if (auto reply = peer.call(id, body, milliseconds(60))) {
        replies.push_back(*reply);
        break;
      }
    }
    if (replies.size() != static_cast<std::size_t>(i) + 1) break;  // server dead: fail fast
  }
  return replies;
}

TEST_F(RrServerHidden, AtMostOnceUnderDropsDelaysAndDuplicates) {
  start("lab1_rr_server");
  std::map<std::string, long> before;  // totals left by earlier seeds (same server)
  for (const std::uint64_t seed : dslab::labkit::seeds(3)) {
    ASSERT_TRUE(server_->running()) << server_->describe();
    FaultProxy proxy(listener_.address, Faults{}, seed);
    std::vector<std::vector<std::string>> replies(kClients);
    std::vector<std::thread> threads;
    for (int c = 0; c < kClients; ++c) {
      threads.emplace_back([&, c] { replies[static_cast<std::size_t>(c)] = run_trusted_client(proxy.endpoint(), seed, c); });
    }
    for (auto& t : threads) t.join();
    proxy.heal();
    std::map<std::string, std::string> totals;
    {
      DealerPeer reader(proxy.endpoint());
      for (int k = 0; k < 3; ++k) {
        const std::string key = "k" + std::to_string(k);
        totals[key] = reader.call("get:" + std::to_string(seed) + ":" + key, "GET " + key,
                                  milliseconds(5000)).value_or("<none>");
      }
    }
    const ProxyLog log = proxy.stop();
    for (int c = 0; c < kClients; ++c) {
      ASSERT_EQ(replies[static_cast<std::size_t>(c)].size(), static_cast<std::size_t>(kRequests))
          << "seed " << seed << ": client " << c << " got no reply after 40 tries; "
          << server_->describe();
    }
    for (const auto& [id, set] : log.replies) {
      ASSERT_EQ(set.size(), 1U) << "seed " << seed << ": request " << id
                                << " was answered differently on a retry (executed twice?)";
    }
    std::map<std::string, long> incremented;
    for (const auto& [id, body] : log.forwarded) {
      if (body.rfind("INCR ", 0) == 0) ++incremented[body.substr(5)];
    }
    for (const auto& [key, n] : incremented) {
      EXPECT_EQ(totals[key], std::to_string(before[key] + n))
          << "seed " << seed << ": " << key << " should count each of the " << n
          << " distinct requests that reached the server exactly once";
      before[key] += n;
    }
  }
}

TEST_F(RrServerHidden, HostileMessages_AreDroppedAndServingGoesOn) {
  start("lab1_rr_server");
  DealerPeer client(listener_.address);
  dslab::random::Rng rng(99);
  for (int i = 0; i < 200; ++i) {
    std::vector<std::string> frames;
    const auto n = rng.below(7);
    for (std::uint64_t f = 0; f < n; ++f) frames.push_back(std::string(rng.below(40), static_cast<char>(rng.below(256))));
    if (frames.size() == 3 && frames[0].empty()) frames.push_back("extra");  // never well-formed
    if (frames.empty()) frames.push_back("x");
    client.send_frames(frames);
  }
  client.send_frames({"", "only-id"});
  client.send_frames({"no-delimiter", "h:1", "INCR h"});
  EXPECT_EQ(client.call("h:2", "INCR h", milliseconds(5000)).value_or("<none>"), "1")
      << server_->describe();
  EXPECT_EQ(client.call("h:3", std::string(100000, 'z'), milliseconds(5000)).value_or("<none>"),
            "ERR bad request");
  EXPECT_TRUE(server_->running()) << server_->describe();
}

/// A faulty trusted server for a student's client: INCR semantics with dedup, faults on the
/// first tries of each request only, so that a correct client never needs to give up.
class RrClientHidden : public TcpServerTest {};

TEST_F(RrClientHidden, FaultyServer_EveryReplyIsTheOneForItsRequest) {
  constexpr int kTries = 6;
  constexpr int kCount = 25;
  for (const std::uint64_t seed : dslab::labkit::seeds(3)) {
    std::vector<std::string> args{"--fd", "3", "--client-id", "s" + std::to_string(seed),
                                  "--tries", std::to_string(kTries), "--timeout-ms", "80"};
    for (int i = 0; i < kCount; ++i) args.push_back("INCR n");
    start("lab1_rr_client", args);
    DealerPeer server(listener_.address);
    dslab::random::Rng rng(seed);
    std::map<std::string, std::string> value_of;  // id -> the one value we assigned
    std::map<std::string, int> attempts;
    std::vector<std::string> order;  // ids in first-seen order
    std::vector<std::pair<Clock::time_point, IdMessage>> late;  // delayed or duplicate replies
    while (server_->running()) {
      for (auto it = late.begin(); it != late.end();) {
        if (it->first <= Clock::now()) {
          server.send(it->second.id, it->second.body);
          it = late.erase(it);
        } else {
          ++it;
        }
      }
      const auto req = server.receive(milliseconds(5));
      if (!req) continue;
      if (!value_of.count(req->id)) {
        value_of[req->id] = std::to_string(value_of.size() + 1);
        order.push_back(req->id);
      }
      const int attempt = ++attempts[req->id];
      ASSERT_LE(attempt, kTries) << "seed " << seed << ": more tries than --tries for " << req->id;
      const std::string& value = value_of[req->id];
      const bool faults = attempt < kTries - 1;
      if (faults && rng.chance({1, 3})) continue;  // request lost
      if (faults && rng.chance({1, 3})) {          // reply late: after the client's timeout
        late.push_back({Clock::now() + milliseconds(100 + static_cast<int>(rng.below(100))), {req->id, value}});
        continue;
      }
      server.send(req->id, value);
      if (faults && rng.chance({1, 3})) late.push_back({Clock::now() + milliseconds(rng.below(150)), {req->id, value}});
    }
    const std::string out = server_->final_output(milliseconds(2000));
    std::istringstream lines(out);
    std::string line;
    std::size_t n = 0;
    while (std::getline(lines, line)) {
      ASSERT_LT(n, order.size()) << "seed " << seed << ": output line for a request never sent: " << line;
      EXPECT_EQ(line, "reply " + value_of[order[n]]) << "seed " << seed << " request " << n + 1
                                                     << " (a stale reply taken for a newer request?)";
      ++n;
    }
    EXPECT_EQ(n, static_cast<std::size_t>(kCount)) << "seed " << seed << ": " << out;
    EXPECT_EQ(order.size(), static_cast<std::size_t>(kCount)) << "seed " << seed << ": request ids must be distinct";
  }
}

TEST_F(RrClientHidden, SilentServer_TriesSpacedByTheTimeoutThenGivesUp) {
  constexpr int kTries = 4;
  constexpr int kTimeoutMs = 200;
  start("lab1_rr_client", {"--fd", "3", "--tries", std::to_string(kTries), "--timeout-ms",
                           std::to_string(kTimeoutMs), "INCR q"});
  DealerPeer server(listener_.address);
  std::vector<Clock::time_point> seen;
  std::string id;
  while (auto req = server.receive(milliseconds(kTimeoutMs * 4))) {
    if (id.empty()) id = req->id;
    EXPECT_EQ(req->id, id) << "a retry must reuse the request id";
    seen.push_back(Clock::now());
  }
  ASSERT_EQ(seen.size(), static_cast<std::size_t>(kTries)) << server_->describe();
  for (std::size_t i = 1; i < seen.size(); ++i) {
    const auto gap = std::chrono::duration_cast<milliseconds>(seen[i] - seen[i - 1]).count();
    EXPECT_GE(gap, kTimeoutMs * 3 / 4) << "try " << i + 1 << " came " << gap << " ms after the previous";
  }
  ASSERT_TRUE(server_->wait(milliseconds(5000)).has_value());
  EXPECT_EQ(server_->final_output(milliseconds(2000)), "gave up\n");
}

}  // namespace
}  // namespace lab1::tests
