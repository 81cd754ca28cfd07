// Part 3 (reference solution): at-most-once server.
#include "rr_server.hpp"

#include <zmq_addon.hpp>

#include <cerrno>
#include <vector>

namespace lab1 {

std::string RequestHandler::handle(std::string_view id, std::string_view body) {
  const std::string key(id);
  if (auto it = replies_.find(key); it != replies_.end()) return it->second;
  std::string reply = execute(body);
  ++executions_;
  replies_.emplace(key, reply);
  reply_order_.push_back(key);
  if (reply_order_.size() > kReplyCacheSize) {
    replies_.erase(reply_order_.front());
    reply_order_.pop_front();
  }
  return reply;
}

std::string RequestHandler::execute(std::string_view body) {
  const auto space = body.find(' ');
  if (space == std::string_view::npos) return "ERR bad request";
  const std::string_view verb = body.substr(0, space);
  const std::string_view key = body.substr(space + 1);
  if (key.empty() || key.size() > 64) return "ERR bad request";
  if (verb == "INCR") {
    auto it = counters_.find(key);
    if (it == counters_.end()) it = counters_.emplace(std::string(key), 0).first;
    return std::to_string(++it->second);
  }
  if (verb == "GET") {
    auto it = counters_.find(key);
    return std::to_string(it == counters_.end() ? 0 : it->second);
  }
  return "ERR bad request";
}

void serve_requests(zmq::socket_t& router) {
  RequestHandler handler;
  for (;;) {
    std::vector<zmq::message_t> frames;
    try {
      if (!zmq::recv_multipart(router, std::back_inserter(frames))) continue;
    } catch (const zmq::error_t& e) {
      if (e.num() == ETERM) return;
      if (e.num() == EINTR) continue;
      throw;
    }
    if (frames.size() != 4 || frames[1].size() != 0) continue;  // malformed: drop
    const std::string reply = handler.handle(frames[2].to_string_view(), frames[3].to_string_view());
    std::vector<zmq::message_t> out;
    out.push_back(std::move(frames[0]));
    out.emplace_back();
    out.push_back(std::move(frames[2]));
    out.emplace_back(reply.data(), reply.size());
    try {
      zmq::send_multipart(router, out, zmq::send_flags::dontwait);
    } catch (const zmq::error_t& e) {
      if (e.num() == ETERM) return;
      // EHOSTUNREACH and friends: the peer is gone; its retry will get the cached reply.
    }
  }
}

}  // namespace lab1
