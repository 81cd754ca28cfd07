// runtime/ipc/region.hpp: the memfd-backed shared mapping under a channel (create or attach).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "runtime/ipc/layout.hpp"

namespace dslab::ipc {

/// Owns one memfd and its MAP_SHARED mapping. Move-only; unmaps and closes on destruction.
/// Not thread-safe.
class Region {
 public:
  /// Parent side: creates a sealed memfd (size fixed by F_SEAL_SHRINK|F_SEAL_GROW, so a hostile
  /// child cannot truncate it and make the parent's accesses fault with SIGBUS), maps it and
  /// writes the header. The fd is O_CLOEXEC; Child::spawn hands it to the child explicitly.
  /// Throws std::invalid_argument for capacities of 0 or above layout::kMaxCapacity, and
  /// std::system_error when a system call fails.
  static Region create(std::size_t request_capacity, std::size_t response_capacity);

  /// Child side: maps an inherited fd after checking its size, magic, version and capacities.
  /// Takes ownership of `fd` on success. Throws std::runtime_error with a readable message when the fd is
  /// not a channel region.
  static Region attach(int fd);

  Region(Region&& other) noexcept;
  Region& operator=(Region&& other) noexcept;
  Region(const Region&) = delete;
  Region& operator=(const Region&) = delete;
  ~Region();

  /// The memfd (owned by this object).
  int fd() const { return fd_; }
  /// The header at the start of the mapping.
  layout::Header& header() const { return *header_; }
  /// The request area (exactly request_capacity bytes).
  std::span<std::byte> request_area() const { return request_area_; }
  /// The response area (exactly response_capacity bytes).
  std::span<std::byte> response_area() const { return response_area_; }

 private:
  Region(int fd, void* base, std::size_t bytes, std::size_t request_capacity,
         std::size_t response_capacity);
  void release() noexcept;

  int fd_ = -1;
  void* base_ = nullptr;
  std::size_t bytes_ = 0;
  layout::Header* header_ = nullptr;
  std::span<std::byte> request_area_;
  std::span<std::byte> response_area_;
};

}  // namespace dslab::ipc
