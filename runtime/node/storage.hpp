// Stable storage of one node: a key/value map that survives crashes. Writes are recorded as
// effects so the harness keeps the authoritative copy outside the node's process.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "runtime/codec/wire.hpp"
#include "runtime/node/effects.hpp"

namespace dslab::node {

/// The contents of a node's stable storage.
using StorageMap = std::map<std::string, codec::Bytes>;

/// A node's view of its stable storage. Reads see the node's own earlier writes at once; a write
/// is durable when the handler returns (before any message it sent can be delivered).
/// Not thread-safe.
class Storage {
 public:
  /// Called with every write; `sink` is passed back unchanged.
  using Recorder = void (*)(void* sink, StorageWrite write);

  /// `contents` is the node's storage; `record(sink, w)` is called with every write (record may
  /// be null). A plain function pointer: a Storage is built for every handler call. With a
  /// `prefix` (a part of a node, runtime/node/part.hpp) the view holds only the keys under it,
  /// named without it; writes reach `contents` and `record` under the full key.
  Storage(StorageMap& contents, Recorder record = nullptr, void* sink = nullptr,
          std::string prefix = {})
      : contents_(contents), record_(record), sink_(sink), prefix_(std::move(prefix)) {}

  /// Stores `value` (any codec type) under `key`.
  template <class T>
  void put(const std::string& key, const T& value) {
    put_bytes(key, codec::encode(value));
  }

  /// The value stored under `key`, or nothing. Throws codec::DecodeError if it was stored with
  /// a different type.
  template <class T>
  std::optional<T> get(const std::string& key) const {
    const auto it = contents_.find(prefix_.empty() ? key : prefix_ + key);
    if (it == contents_.end()) return std::nullopt;
    return codec::decode<T>(it->second);
  }

  void put_bytes(const std::string& key, codec::Bytes bytes);
  void erase(const std::string& key);
  bool contains(const std::string& key) const {
    return contents_.count(prefix_.empty() ? key : prefix_ + key) != 0;
  }
  /// Every key and value of this view. With a prefix, a copy made by this call (valid until the
  /// next call): iterate it at start, look keys up with get() in handlers.
  const StorageMap& contents() const;

 private:
  StorageMap& contents_;
  Recorder record_;
  void* sink_;
  std::string prefix_;
  mutable StorageMap view_;  ///< contents() of a prefixed view
};

/// Applies a recorded write to a storage map (what the harness does with StorageWrite effects).
void apply_write(StorageMap& contents, const StorageWrite& write);

}  // namespace dslab::node
