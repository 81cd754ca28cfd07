// runtime/ipc/endpoint.hpp: the child side of a channel (attach to the inherited fd, serve).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "runtime/ipc/region.hpp"
#include "runtime/ipc/wait.hpp"

namespace dslab::ipc {

/// The child (untrusted) end of a channel. The usual loop is
///   auto ep = Endpoint::attach_from_env();
///   while (auto request = ep.next_request()) ep.reply(handle(*request));
/// or serve(). Not thread-safe.
class Endpoint {
 public:
  struct Options {
    /// The most next_request() spins before sleeping (adaptive below it, see
    /// wait::AdaptiveSpin); the parent usually sends the next
    /// request within a few microseconds of reading the previous response.
    std::chrono::nanoseconds spin = std::chrono::microseconds(50);
    /// Longest single futex sleep; between sleeps the child checks that its parent lives.
    std::chrono::nanoseconds sleep_slice = std::chrono::milliseconds(100);
  };

  /// Maps the region behind `fd` (taking ownership on success). Throws std::runtime_error with
  /// a readable message if `fd` is not a channel region.
  static Endpoint attach(int fd, const Options& options);
  static Endpoint attach(int fd) { return attach(fd, Options{}); }

  /// Reads the fd number from the environment variable `name` (default DSLAB_IPC_FD) and
  /// attaches. Throws std::runtime_error if the variable is missing or not a number.
  static Endpoint attach_from_env(const char* name, const Options& options);
  static Endpoint attach_from_env() { return attach_from_env(kFdEnvVar, Options{}); }

  /// Waits for the next request. Returns its bytes (valid until reply()), or nullopt once the
  /// parent closed the channel or died. Throws std::logic_error if the previous request was
  /// not answered.
  std::optional<std::span<const std::byte>> next_request();

  /// Where a response may be built in place (then call reply_in_place()).
  std::span<std::byte> response_area() const { return region_.response_area(); }

  /// Copies `response` to the response area and publishes it. Throws std::length_error if it
  /// exceeds the response capacity, std::logic_error if no request is pending.
  void reply(std::span<const std::byte> response);

  /// Publishes the first `size` bytes already written to response_area().
  void reply_in_place(std::size_t size);

  /// Answers requests with `handler` (which writes its response into the given area and
  /// returns its length) until the parent closes the channel.
  using Handler = std::function<std::size_t(std::span<const std::byte>, std::span<std::byte>)>;
  void serve(const Handler& handler);

  /// The raw header, for tests that must misbehave on purpose (garbage lengths and sequence
  /// numbers). A real child never needs it.
  layout::Header& header_for_testing() { return region_.header(); }
  /// Number of the request being answered (or last answered).
  std::uint32_t sequence() const { return seq_; }

 private:
  Endpoint(Region region, const Options& options);
  bool parent_gone() const;

  Region region_;
  Options options_;
  wait::AdaptiveSpin spin_;
  std::uint32_t seq_ = 0;  ///< requests received
  bool pending_ = false;   ///< a request was received and not yet answered
  int parent_pid_ = 0;
};

}  // namespace dslab::ipc
