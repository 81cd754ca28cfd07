// runtime/ipc/endpoint.cpp: the child's request loop on the shared region.
#include "runtime/ipc/endpoint.hpp"

#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "runtime/ipc/wait.hpp"

namespace dslab::ipc {

Endpoint::Endpoint(Region region, const Options& options)
    : region_(std::move(region)), options_(options), spin_(options.spin), parent_pid_(getppid()) {
  // A child attaching late (or twice) starts from where the parent is.
  seq_ = region_.header().response_seq.load(std::memory_order_acquire);
}

Endpoint Endpoint::attach(int fd, const Options& options) {
  return Endpoint(Region::attach(fd), options);
}

Endpoint Endpoint::attach_from_env(const char* name, const Options& options) {
  const char* value = std::getenv(name);
  if (value == nullptr) {
    throw std::runtime_error(std::string("ipc: environment variable ") + name +
                             " is not set (the child must be started by ipc::Session)");
  }
  const std::string_view text(value);
  int fd = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), fd);
  if (error != std::errc{} || end != text.data() + text.size() || fd < 0) {
    throw std::runtime_error(std::string("ipc: ") + name + "='" + value + "' is not an fd number");
  }
  return attach(fd, options);
}

bool Endpoint::parent_gone() const {
  // Reparenting means the process that created us died without closing the channel.
  return getppid() != parent_pid_;
}

std::optional<std::span<const std::byte>> Endpoint::next_request() {
  if (pending_) throw std::logic_error("ipc: next_request() before reply() to the previous one");
  layout::Header& header = region_.header();
  std::uint32_t seen = wait::spin_while_equal(header.request_seq, seq_, spin_.next_budget());
  spin_.record(seen != seq_);
  while (seen == seq_) {
    if (parent_gone()) return std::nullopt;
    seen = wait::sleep_while_equal(header.request_seq, seq_, header.child_sleeping,
                                   options_.sleep_slice);
  }
  if (header.shutdown.load(std::memory_order_acquire) != 0) return std::nullopt;
  const std::size_t length = header.request_len.load(std::memory_order_relaxed);
  if (seen != seq_ + 1 || length > region_.request_area().size()) {
    throw std::runtime_error("ipc: parent broke the protocol (request #" + std::to_string(seen) +
                             ", length " + std::to_string(length) + ")");
  }
  seq_ = seen;
  pending_ = true;
  return region_.request_area().first(length);
}

void Endpoint::reply(std::span<const std::byte> response) {
  if (response.size() > region_.response_area().size()) {
    throw std::length_error("ipc: response of " + std::to_string(response.size()) +
                            " bytes exceeds the capacity of " +
                            std::to_string(region_.response_area().size()));
  }
  if (!response.empty()) std::memcpy(region_.response_area().data(), response.data(), response.size());
  reply_in_place(response.size());
}

void Endpoint::reply_in_place(std::size_t size) {
  if (!pending_) throw std::logic_error("ipc: reply() without a pending request");
  if (size > region_.response_area().size()) {
    throw std::length_error("ipc: response size " + std::to_string(size) +
                            " exceeds the response area");
  }
  layout::Header& header = region_.header();
  header.response_len.store(static_cast<std::uint32_t>(size), std::memory_order_relaxed);
  pending_ = false;
  wait::publish(header.response_seq, seq_, header.parent_sleeping);
}

void Endpoint::serve(const Handler& handler) {
  while (auto request = next_request()) {
    reply_in_place(handler(*request, region_.response_area()));
  }
}

}  // namespace dslab::ipc
