// net_bench: the transport's figures on loopback (ZeroMQ over TCP, the node's frames): one
// synchronous round trip at a time, and pipelined one-way messages. Two threads, one Transport
// each, as two nodes would use them. Prints figures; asserts nothing.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "runtime/examples/ping/ping.hpp"
#include "runtime/net/cluster.hpp"
#include "runtime/net/frame.hpp"
#include "runtime/net/transport.hpp"

namespace {

using namespace dslab;
using P = examples::ping::Protocol;
using Clock = std::chrono::steady_clock;

net::TransportOptions options(const net::ClusterConfig& c, NodeId self, int hwm) {
  net::TransportOptions t;
  t.bind = c.bind_endpoint(self);
  t.peers[3 - self] = c.connect_endpoint(3 - self);
  t.send_hwm = hwm;
  t.receive_hwm = hwm;
  return t;
}

/// Node 2 answers every frame from node 1 with a frame of the same size.
void echo(const net::ClusterConfig& c, std::atomic<bool>& stop) {
  net::Transport t(options(c, 2, 100000));
  const std::vector<NodeId> ids = {1, 2};
  const net::Acceptance accept{.protocol = net::protocol_id<P>(), .senders = ids};
  codec::Bytes frame, scratch;
  while (!stop.load()) {
    t.poll(std::chrono::milliseconds(20), -1, [&](std::span<const std::byte> bytes) {
      auto got = net::receive<P>(bytes, accept);
      if (auto* in = std::get_if<net::Inbound<P>>(&got.what)) {
        const auto& ping = std::get<examples::ping::Ping>(in->msg);
        if (ping.seq == 0) return;  // pipelined: no answer
        net::encode_message<P>(2, P::Message{examples::ping::Pong{ping.seq}}, frame, scratch);
        while (!t.send(1, frame)) {}
      }
    });
  }
}

}  // namespace

int main() {
  const auto cluster = net::loopback_cluster(2);
  std::atomic<bool> stop{false};
  std::thread peer(echo, std::cref(cluster), std::ref(stop));
  net::Transport t(options(cluster, 1, 100000));
  codec::Bytes frame, scratch;
  std::uint64_t answered = 0;
  auto round_trip = [&](std::uint64_t seq) {
    net::encode_message<P>(1, P::Message{examples::ping::Ping{seq}}, frame, scratch);
    while (!t.send(2, frame)) t.poll(std::chrono::milliseconds(1), -1, [](auto) {});
    std::uint64_t got = 0;
    while (got == 0) t.poll(std::chrono::milliseconds(100), -1, [&](auto) { ++got; });
    answered += got;
  };
  for (std::uint64_t i = 1; i <= 200; ++i) round_trip(i);  // warm up and connect
  const int kRoundTrips = 20000;
  auto start = Clock::now();
  for (int i = 1; i <= kRoundTrips; ++i) round_trip(static_cast<std::uint64_t>(i));
  const double rt_s = std::chrono::duration<double>(Clock::now() - start).count();

  // Pipelined: node 1 sends as fast as the queue takes; node 2 counts (no answers).
  const int kMessages = 1000000;
  std::atomic<bool> stop_counter{false};
  stop.store(true);
  peer.join();
  std::atomic<std::uint64_t> received{0};
  std::thread counter([&] {
    net::Transport r(options(cluster, 2, 100000));
    while (received.load() < static_cast<std::uint64_t>(kMessages) && !stop_counter.load()) {
      r.poll(std::chrono::milliseconds(20), -1, [&](auto) { received.fetch_add(1); }, 4096);
    }
  });
  net::encode_message<P>(1, P::Message{examples::ping::Ping{0}}, frame, scratch);
  while (received.load() == 0) {  // until connected
    t.send(2, frame);
    std::this_thread::yield();
  }
  const std::uint64_t base = received.load();
  start = Clock::now();
  std::uint64_t lost = 0;
  for (int i = 0; i < kMessages; ++i) {
    if (!t.send(2, frame)) ++lost;
  }
  while (received.load() < base + static_cast<std::uint64_t>(kMessages) - lost &&
         Clock::now() - start < std::chrono::seconds(30)) {
    std::this_thread::yield();
  }
  const double msg_s = std::chrono::duration<double>(Clock::now() - start).count();
  const std::uint64_t delivered = received.load() - base;
  stop_counter.store(true);
  counter.join();
  std::printf("net_bench (ZeroMQ TCP loopback, %zu-byte frames)\n", frame.size());
  std::printf("  synchronous round trips: %d in %.3f s = %.0f round trips/s (%.1f us each)\n",
              kRoundTrips, rt_s, kRoundTrips / rt_s, 1e6 * rt_s / kRoundTrips);
  std::printf("  pipelined messages: %llu delivered (%llu lost to the high-water mark) in %.3f s"
              " = %.0f messages/s\n",
              static_cast<unsigned long long>(delivered), static_cast<unsigned long long>(lost),
              msg_s, static_cast<double>(delivered) / msg_s);
  std::printf("  floors (DESIGN.md): 7,300 round trips/s, 520,000 pipelined messages/s\n");
  return 0;
}
