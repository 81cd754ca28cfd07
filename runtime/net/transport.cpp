// Transport over cppzmq: PULL to listen, one PUSH per peer, non-blocking sends.
#include "runtime/net/transport.hpp"

#include <stdexcept>
#include <vector>

namespace dslab::net {

Transport::Transport(TransportOptions options) : options_(std::move(options)), context_(1) {
  if (!options_.bind.empty()) {
    listen_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::pull);
    listen_->set(zmq::sockopt::rcvhwm, options_.receive_hwm);
    listen_->set(zmq::sockopt::linger, 0);
    listen_->set(zmq::sockopt::maxmsgsize, options_.max_frame);
    try {
      listen_->bind(options_.bind);
    } catch (const zmq::error_t& e) {
      throw std::runtime_error("cannot listen on " + options_.bind + ": " + e.what());
    }
  }
  for (const auto& [id, endpoint] : options_.peers) {
    zmq::socket_t socket(context_, zmq::socket_type::push);
    socket.set(zmq::sockopt::sndhwm, options_.send_hwm);
    socket.set(zmq::sockopt::immediate, 1);  // no queueing for a peer that is not connected
    socket.set(zmq::sockopt::linger, 0);     // exit at once; unsent frames are lost
    socket.set(zmq::sockopt::reconnect_ivl, static_cast<int>(options_.reconnect.count()));
    socket.set(zmq::sockopt::reconnect_ivl_max, static_cast<int>(options_.reconnect.count() * 10));
    try {
      socket.connect(endpoint);
    } catch (const zmq::error_t& e) {
      throw std::runtime_error("cannot connect to node " + std::to_string(id) + " at " + endpoint +
                               ": " + e.what());
    }
    out_.emplace(id, std::move(socket));
  }
}

Transport::~Transport() = default;

bool Transport::send(NodeId to, std::span<const std::byte> frame) {
  auto it = out_.find(to);
  if (it == out_.end()) {
    ++stats_.unknown_peer;
    return false;
  }
  try {
    const auto sent = it->second.send(zmq::const_buffer(frame.data(), frame.size()),
                                      zmq::send_flags::dontwait);
    if (sent) {
      ++stats_.sent;
      return true;
    }
  } catch (const zmq::error_t&) {
    // EHOSTUNREACH and the like: the frame is lost like any other.
  }
  ++stats_.lost;
  return false;
}

bool Transport::wait(std::chrono::milliseconds timeout, int wake_fd) {
  std::vector<zmq::pollitem_t> items;
  if (listen_) items.push_back({listen_->handle(), 0, ZMQ_POLLIN, 0});
  if (wake_fd >= 0) items.push_back({nullptr, wake_fd, ZMQ_POLLIN, 0});
  if (items.empty()) return false;
  try {
    zmq::poll(items.data(), items.size(), timeout);
  } catch (const zmq::error_t& e) {
    if (e.num() == EINTR) return false;
    throw;
  }
  return listen_ && (items[0].revents & ZMQ_POLLIN) != 0;
}

bool Transport::receive(zmq::message_t& message) {
  if (!listen_) return false;
  const auto got = listen_->recv(message, zmq::recv_flags::dontwait);
  if (!got) return false;
  ++stats_.received;
  return true;
}

}  // namespace dslab::net
