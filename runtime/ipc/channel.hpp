// runtime/ipc/channel.hpp: the parent side of the shared-memory request/response channel.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "runtime/ipc/region.hpp"
#include "runtime/ipc/result.hpp"
#include "runtime/ipc/wait.hpp"

namespace dslab::ipc {

/// The trusted (parent) end of a channel: one request out, one response back, in lock step.
///
/// The child is untrusted. Whatever it writes in the shared region (sequence numbers, lengths,
/// flags, bytes), call() never has undefined behaviour, never crashes and never waits past its
/// deadline: lengths are bounds-checked against the parent's own copy of the capacities, the
/// response is copied out before anyone parses it, and sequence numbers must be exactly in
/// step. Any failure other than TooLarge breaks the channel: later calls return the same
/// failure immediately (the two sides can no longer be trusted to be in step).
///
/// Not thread-safe: one caller at a time.
class Channel {
 public:
  struct Options {
    std::size_t request_capacity = std::size_t{4} << 20;   ///< bytes; in [1, 1 GiB]
    std::size_t response_capacity = std::size_t{4} << 20;  ///< bytes; in [1, 1 GiB]
    /// The most call() spins (pause instruction) before sleeping on the futex. A reply from
    /// a child running on the other core arrives well within it; a slow one costs one sleep.
    /// The budget adapts below this maximum when waits keep outlasting it (wait::AdaptiveSpin).
    std::chrono::nanoseconds spin = std::chrono::microseconds(30);
    /// Longest single futex sleep: between sleeps call() checks the deadline and the probe.
    std::chrono::nanoseconds sleep_slice = std::chrono::milliseconds(1);
  };

  /// Returns a ChildExited failure once the peer process is gone, nullopt while it lives.
  /// Called only from the sleeping part of call(), at most once per sleep_slice.
  using LivenessProbe = std::function<std::optional<Failure>()>;

  /// Creates the shared region. Throws std::invalid_argument (bad capacities) or
  /// std::system_error (memfd/mmap failed).
  explicit Channel(const Options& options);
  Channel() : Channel(Options{}) {}
  Channel(Channel&&) noexcept = default;
  Channel& operator=(Channel&&) noexcept = default;
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;
  /// Closes the channel (the child's next_request() returns nullopt) and unmaps it.
  ~Channel();

  /// The memfd to hand to the child (O_CLOEXEC in this process; see Child::spawn).
  int child_fd() const { return region_.fd(); }
  std::size_t request_capacity() const { return request_capacity_; }
  std::size_t response_capacity() const { return response_capacity_; }

  /// Installs the liveness check used while waiting (Session wires Child::liveness()).
  /// The probe must stay callable for as long as call() may be called.
  void set_liveness_probe(LivenessProbe probe) { probe_ = std::move(probe); }

  /// Sends `request` and waits for the response until `deadline`.
  /// Returns the response bytes (valid until the next call) or a Failure:
  ///   TooLarge    request.size() > request_capacity(); nothing sent, channel still usable;
  ///   Timeout     no response before the deadline;
  ///   ChildExited the liveness probe reported the child gone;
  ///   Protocol    impossible sequence number or response length;
  ///   Closed      close() was called.
  Result call(std::span<const std::byte> request, Deadline deadline);

  /// Tells the child to stop (its next_request() returns nullopt). Idempotent; later calls
  /// fail with Closed.
  void close();

  /// The failure that broke the channel, if any.
  const std::optional<Failure>& broken() const { return broken_; }

 private:
  Result fail(FailureKind kind, std::string detail);
  Result fail(Failure failure);
  /// Waits until response_seq leaves `seq_ - 1`; returns the new value or the failure.
  std::optional<Failure> await_response(Deadline deadline, std::uint32_t& observed);
  Result take_response();

  Region region_;
  std::size_t request_capacity_;
  std::size_t response_capacity_;
  wait::AdaptiveSpin spin_;
  std::chrono::nanoseconds sleep_slice_;
  std::uint32_t seq_ = 0;  ///< requests sent so far (== last response expected)
  std::optional<Failure> broken_;
  LivenessProbe probe_;
  std::vector<std::byte> response_;  ///< private copy of the last response
};

}  // namespace dslab::ipc
