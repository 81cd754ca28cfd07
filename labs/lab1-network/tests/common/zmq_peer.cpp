// Trusted test helper: a ZeroMQ DEALER peer speaking the part-3 wire format.
#include "labs/lab1-network/tests/common/zmq_peer.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <zmq_addon.hpp>

namespace lab1::tests {

zmq::context_t& zmq_context() {
  static zmq::context_t context(1);
  return context;
}

DealerPeer::DealerPeer(const sockaddr_in& address)
    : socket_(zmq_context(), zmq::socket_type::dealer) {
  socket_.set(zmq::sockopt::linger, 0);
  socket_.set(zmq::sockopt::reconnect_ivl, 20);
  char host[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &address.sin_addr, host, sizeof host);
  socket_.connect("tcp://" + std::string(host) + ":" + std::to_string(ntohs(address.sin_port)));
}

DealerPeer::DealerPeer(const std::string& endpoint)
    : socket_(zmq_context(), zmq::socket_type::dealer) {
  socket_.set(zmq::sockopt::linger, 0);
  socket_.connect(endpoint);
}

void DealerPeer::send(const std::string& id, const std::string& body) {
  send_frames({"", id, body});
}

void DealerPeer::send_frames(const std::vector<std::string>& frames) {
  std::vector<zmq::const_buffer> buffers;
  for (const std::string& f : frames) buffers.push_back(zmq::buffer(f));
  zmq::send_multipart(socket_, buffers);
}

std::optional<IdMessage> DealerPeer::receive(milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<milliseconds>(watched_deadline(deadline) - Clock::now());
    if (left.count() < 0) return std::nullopt;
    std::array<zmq::pollitem_t, 1> items{{{socket_.handle(), 0, ZMQ_POLLIN, 0}}};
    zmq::poll(items.data(), items.size(), std::min(left, kWatchSlice));
    if ((items[0].revents & ZMQ_POLLIN) == 0) continue;
    std::vector<zmq::message_t> frames;
    if (!zmq::recv_multipart(socket_, std::back_inserter(frames), zmq::recv_flags::dontwait))
      continue;
    if (frames.size() == 3 && frames[0].size() == 0) {
      return IdMessage{frames[1].to_string(), frames[2].to_string()};
    }
  }
}

std::optional<std::string> DealerPeer::call(const std::string& id, const std::string& body,
                                            milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  send(id, body);
  for (;;) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left.count() < 0) return std::nullopt;
    auto reply = receive(left);
    if (!reply) return std::nullopt;
    if (reply->id == id) return reply->body;
  }
}

}  // namespace lab1::tests
