// What a node's handler did, as data: the engines collect these and the simulator applies them,
// so every engine (in-process, node host, real network) behaves the same by construction.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "runtime/codec/state.hpp"
#include "runtime/codec/wire.hpp"
#include "runtime/node/types.hpp"

namespace dslab::node {

/// Send `msg` to node `to` (through the simulated or real network).
template <class P>
struct Send {
  NodeId to = 0;
  typename P::Message msg{};
  DSLAB_STATE(Send, to, msg)
};

/// Fire `timer` once, `after` microseconds from now, unless cancelled.
template <class P>
struct SetTimer {
  TimerId id = 0;
  Duration after = 0;
  typename P::Timer timer{};
  DSLAB_STATE(SetTimer, id, after, timer)
};

/// Cancel a timer set earlier (no effect if it fired or was cancelled already).
struct CancelTimer {
  TimerId id = 0;
  DSLAB_STATE(CancelTimer, id)
};

/// Stable storage write: `value` (encoded) under `key`, or erase the key when value is empty.
struct StorageWrite {
  std::string key;
  std::optional<codec::Bytes> value;
  DSLAB_STATE(StorageWrite, key, value)
};

/// An observable output for checkers and tests (a decision, a suspicion, a reply to a client).
template <class P>
struct Emit {
  typename P::Output output{};
  DSLAB_STATE(Emit, output)
};

/// A line of the node's log.
struct Log {
  std::string text;
  DSLAB_STATE(Log, text)
};

template <class P>
using Effect = std::variant<Send<P>, SetTimer<P>, CancelTimer, StorageWrite, Emit<P>, Log>;

template <class P>
using Effects = std::vector<Effect<P>>;

}  // namespace dslab::node
