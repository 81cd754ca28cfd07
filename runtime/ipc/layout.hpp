// runtime/ipc/layout.hpp: the byte layout of the shared region both sides of a channel map.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "runtime/env/env.hpp"

namespace dslab::ipc {

/// The environment variable through which Session tells the child which fd holds the region.
inline constexpr const char* kFdEnvVar = env::kIpcFd.data();  // "DSLAB_IPC_FD"

}  // namespace dslab::ipc

namespace dslab::ipc::layout {

/// "DSIP" in little-endian: the first word of every region.
inline constexpr std::uint32_t kMagic = 0x50495344;
/// Bumped whenever the layout below changes; both sides must agree.
inline constexpr std::uint32_t kVersion = 1;
/// The request area starts at this offset; the response area follows it, page aligned.
inline constexpr std::size_t kHeaderBytes = 4096;
inline constexpr std::size_t kPageBytes = 4096;
/// Capacities are limited so that lengths fit a 32-bit word with room to spare.
inline constexpr std::size_t kMaxCapacity = std::size_t{1} << 30;

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
static_assert(std::atomic<std::uint32_t>::is_always_lock_free);

/// The first page of the region. The parent writes the constant part once, before the child
/// exists; after that each cache line below has a single writer:
///   parent line: request_seq, request_len, shutdown, parent_sleeping
///   child line:  response_seq, response_len, child_sleeping
/// The parent never trusts anything on the child line (nor the constant part, of which it keeps
/// its own copy): see Channel::call for the checks.
struct Header {
  std::uint32_t magic;
  std::uint32_t version;
  std::uint64_t request_capacity;
  std::uint64_t response_capacity;
  std::uint64_t request_offset;
  std::uint64_t response_offset;

  /// Parent line. request_seq counts requests sent (futex word the child sleeps on).
  alignas(64) std::atomic<std::uint32_t> request_seq;
  std::atomic<std::uint32_t> request_len;
  /// Nonzero once the parent closed the channel; request_seq is bumped with it.
  std::atomic<std::uint32_t> shutdown;
  /// Nonzero while the parent sleeps (or is about to) on response_seq.
  std::atomic<std::uint32_t> parent_sleeping;

  /// Child line. response_seq counts responses (futex word the parent sleeps on); after the
  /// n-th request the only valid values are n-1 (not yet answered) and n (answered).
  alignas(64) std::atomic<std::uint32_t> response_seq;
  std::atomic<std::uint32_t> response_len;
  /// Nonzero while the child sleeps (or is about to) on request_seq.
  std::atomic<std::uint32_t> child_sleeping;
};

static_assert(sizeof(Header) <= kHeaderBytes);

/// `n` rounded up to a whole number of pages.
constexpr std::size_t round_to_page(std::size_t n) {
  return (n + kPageBytes - 1) / kPageBytes * kPageBytes;
}

/// Total region size for the given capacities.
constexpr std::size_t region_bytes(std::size_t request_capacity, std::size_t response_capacity) {
  return kHeaderBytes + round_to_page(request_capacity) + round_to_page(response_capacity);
}

}  // namespace dslab::ipc::layout
