// Part 3 (reference solution): lazy pirate client on a DEALER socket.
#include "rr_client.hpp"

#include <zmq_addon.hpp>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

namespace lab1 {

LazyPirateClient::LazyPirateClient(zmq::socket_t& socket, ClientOptions options)
    : socket_(socket), options_(std::move(options)) {
  if (options_.tries < 1) throw std::invalid_argument("tries must be at least 1");
  if (options_.timeout.count() <= 0) throw std::invalid_argument("timeout must be positive");
}

std::optional<std::string> LazyPirateClient::request(std::string_view body) {
  const std::string id = options_.client_id + ":" + std::to_string(next_seq_++);
  for (int attempt = 0; attempt < options_.tries; ++attempt) {
    const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
    std::array<zmq::const_buffer, 3> frames{zmq::const_buffer(nullptr, 0), zmq::buffer(id),
                                            zmq::buffer(body)};
    // A DEALER cannot send before it has a peer: wait for one, within this try's time.
    if (wait_writable(deadline)) zmq::send_multipart(socket_, frames, zmq::send_flags::dontwait);
    if (auto reply = await_reply(id, deadline)) return reply;
  }
  return std::nullopt;
}

bool LazyPirateClient::wait_writable(std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    std::array<zmq::pollitem_t, 1> items{{{socket_.handle(), 0, ZMQ_POLLOUT, 0}}};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    zmq::poll(items.data(), items.size(), std::max(left, std::chrono::milliseconds(0)));
    if ((items[0].revents & ZMQ_POLLOUT) != 0) return true;
    if (left.count() <= 0) return false;
  }
}

std::optional<std::string> LazyPirateClient::await_reply(
    const std::string& id, std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    std::array<zmq::pollitem_t, 1> items{{{socket_.handle(), 0, ZMQ_POLLIN, 0}}};
    zmq::poll(items.data(), items.size(), left);
    if ((items[0].revents & ZMQ_POLLIN) == 0) continue;
    std::vector<zmq::message_t> frames;
    if (!zmq::recv_multipart(socket_, std::back_inserter(frames), zmq::recv_flags::dontwait)) {
      continue;
    }
    if (frames.size() == 3 && frames[0].size() == 0 && frames[1].to_string_view() == id) {
      return frames[2].to_string();
    }
    // Anything else is stale (an earlier request's late reply, a duplicate) or garbage.
  }
}

}  // namespace lab1
