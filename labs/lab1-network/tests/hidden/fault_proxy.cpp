// Hidden-test helper: the fault-injecting ZeroMQ proxy.
#include "labs/lab1-network/tests/hidden/fault_proxy.hpp"

#include <arpa/inet.h>

#include <array>
#include <chrono>
#include <queue>
#include <vector>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "labs/lab1-network/tests/common/zmq_peer.hpp"

namespace lab1::tests {
namespace {

using Frames = std::vector<std::string>;
using Time = std::chrono::steady_clock::time_point;

struct Held {
  Time due;
  bool to_server;
  Frames frames;
  bool operator>(const Held& o) const { return due > o.due; }
};

void send_frames(zmq::socket_t& s, const Frames& frames) {
  std::vector<zmq::const_buffer> b;
  for (const auto& f : frames) b.push_back(zmq::buffer(f));
  zmq::send_multipart(s, b, zmq::send_flags::dontwait);
}

Frames receive_frames(zmq::socket_t& s) {
  std::vector<zmq::message_t> msgs;
  Frames out;
  if (!zmq::recv_multipart(s, std::back_inserter(msgs), zmq::recv_flags::dontwait)) return out;
  for (auto& m : msgs) out.push_back(m.to_string());
  return out;
}

}  // namespace

FaultProxy::FaultProxy(const sockaddr_in& server, Faults faults, std::uint64_t seed)
    : faults_(faults), rng_(seed), endpoint_("inproc://lab1-proxy-" + std::to_string(seed)) {
  thread_ = std::thread([this, server] { run(server); });
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [this] { return ready_; });
}

FaultProxy::~FaultProxy() { stop(); }

void FaultProxy::heal() {
  std::unique_lock lock(mutex_);
  heal_requested_ = true;
  cv_.wait(lock, [this] { return healed_; });
}

ProxyLog FaultProxy::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  return log_;
}

void FaultProxy::run(sockaddr_in server) {
  zmq::socket_t front(zmq_context(), zmq::socket_type::router);
  zmq::socket_t back(zmq_context(), zmq::socket_type::dealer);
  front.set(zmq::sockopt::linger, 0);
  back.set(zmq::sockopt::linger, 0);
  front.bind(endpoint_);
  char host[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &server.sin_addr, host, sizeof host);
  back.connect("tcp://" + std::string(host) + ":" + std::to_string(ntohs(server.sin_port)));
  {
    std::lock_guard lock(mutex_);
    ready_ = true;
  }
  cv_.notify_all();
  std::map<std::string, std::string> client_of;  // request id -> frontend identity
  std::priority_queue<Held, std::vector<Held>, std::greater<>> held;
  bool faulty = true;
  auto deliver = [&](bool to_server, const Frames& f) {
    if (to_server) {
      log_.forwarded.emplace(f[1], f[2]);
      send_frames(back, f);
    } else if (auto it = client_of.find(f[1]); it != client_of.end()) {
      send_frames(front, {it->second, "", f[1], f[2]});
    }
  };
  auto route = [&](bool to_server, const Frames& f) {  // f = ["", id, body]
    if (faulty && rng_.chance(faults_.drop)) return;
    const int copies = faulty && rng_.chance(faults_.duplicate) ? 2 : 1;
    for (int i = 0; i < copies; ++i) {
      if (faulty && rng_.chance(faults_.delay)) {
        const auto ms = static_cast<int>(rng_.below(static_cast<std::uint64_t>(faults_.max_delay_ms) + 1));
        held.push({std::chrono::steady_clock::now() + std::chrono::milliseconds(ms), to_server, f});
      } else {
        deliver(to_server, f);
      }
    }
  };
  while (!stop_) {
    {
      std::lock_guard lock(mutex_);
      if (heal_requested_ && !healed_) {
        faulty = false;
        for (; !held.empty(); held.pop()) deliver(held.top().to_server, held.top().frames);
        healed_ = true;
        cv_.notify_all();
      }
    }
    for (; !held.empty() && held.top().due <= std::chrono::steady_clock::now(); held.pop()) {
      deliver(held.top().to_server, held.top().frames);
    }
    std::array<zmq::pollitem_t, 2> items{{{front.handle(), 0, ZMQ_POLLIN, 0},
                                          {back.handle(), 0, ZMQ_POLLIN, 0}}};
    zmq::poll(items.data(), items.size(), std::chrono::milliseconds(2));
    if ((items[0].revents & ZMQ_POLLIN) != 0) {
      Frames f = receive_frames(front);  // [identity, "", id, body]
      if (f.size() == 4 && f[1].empty()) {
        client_of[f[2]] = f[0];
        route(true, {"", f[2], f[3]});
      }
    }
    if ((items[1].revents & ZMQ_POLLIN) != 0) {
      Frames f = receive_frames(back);  // ["", id, reply]
      if (f.size() == 3 && f[0].empty()) {
        log_.replies[f[1]].insert(f[2]);
        route(false, f);
      }
    }
  }
}

}  // namespace lab1::tests
