// The states net_storage_writer saves: state k has a counter, and blobs whose sizes and bytes
// depend on k (a few bytes to 200 KiB), so a torn or mixed file cannot pass for a complete one.
#pragma once

#include <cstdint>
#include <optional>

#include "runtime/node/storage.hpp"

namespace dslab::net::testing {

/// The k-th state.
inline node::StorageMap writer_state(std::uint64_t k) {
  node::StorageMap state;
  state["counter"] = codec::encode(k);
  for (std::uint64_t b = 0; b < 3; ++b) {
    const std::size_t size = static_cast<std::size_t>((k * 7919 + b * 104729) % (200u << 10)) + 1;
    state["blob" + std::to_string(b)] =
        codec::Bytes(size, static_cast<std::byte>((k * 31 + b) & 0xff));
  }
  return state;
}

/// k if `state` is exactly writer_state(k) for its counter k, else nothing.
inline std::optional<std::uint64_t> writer_state_number(const node::StorageMap& state) {
  const auto it = state.find("counter");
  if (it == state.end()) return std::nullopt;
  const auto k = codec::decode<std::uint64_t>(it->second);
  if (state != writer_state(k)) return std::nullopt;
  return k;
}

}  // namespace dslab::net::testing
