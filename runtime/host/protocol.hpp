// The node-host protocol: the framed requests the trusted harness sends to the host process that
// runs the student's nodes, and the host's responses. Both directions use the wire codec; the
// harness decodes every response as untrusted input.
#pragma once

#include <array>
#include <string>
#include <variant>
#include <vector>

#include "runtime/codec/state.hpp"
#include "runtime/node/effects.hpp"
#include "runtime/node/storage.hpp"
#include "runtime/random/random.hpp"

namespace dslab::host {

/// Protocol version, checked by Hello: a host built from other sources is refused.
inline constexpr std::uint32_t kVersion = 1;

/// Per-event inputs the harness owns and lends the node: clock, random stream, timer ids.
struct EventInput {
  NodeId self = 0;
  Time now = 0;
  random::Rng rng;
  TimerId next_timer = 0;
  DSLAB_STATE(EventInput, self, now, rng, next_timer)
};

struct Hello {
  std::uint32_t version = kVersion;
  DSLAB_STATE(Hello, version)
};
struct Create {
  NodeId self = 0;
  std::vector<NodeId> nodes;
  node::StorageMap storage;
  DSLAB_STATE(Create, self, nodes, storage)
};
struct Destroy {
  NodeId self = 0;
  DSLAB_STATE(Destroy, self)
};
struct Reset {
  DSLAB_STATE(Reset)
};
struct Start {
  EventInput in;
  DSLAB_STATE(Start, in)
};
template <class P>
struct Deliver {
  EventInput in;
  NodeId from = 0;
  typename P::Message msg{};
  DSLAB_STATE(Deliver, in, from, msg)
};
template <class P>
struct Fire {
  EventInput in;
  typename P::Timer timer{};
  DSLAB_STATE(Fire, in, timer)
};
struct Snapshot {
  NodeId self = 0;
  DSLAB_STATE(Snapshot, self)
};
struct Restore {
  NodeId self = 0;
  codec::Bytes state;
  DSLAB_STATE(Restore, self, state)
};
struct View {
  NodeId self = 0;
  DSLAB_STATE(View, self)
};

template <class P>
using Request = std::variant<Hello, Create, Destroy, Reset, Start, Deliver<P>, Fire<P>, Snapshot,
                             Restore, View>;

/// The answer to Start/Deliver/Fire: the handler's effects and the lent inputs, advanced.
template <class P>
struct EffectsReply {
  node::Effects<P> effects;
  random::Rng rng;
  TimerId next_timer = 0;
  DSLAB_STATE(EffectsReply, effects, rng, next_timer)
};
struct Done {
  DSLAB_STATE(Done)
};
struct BytesReply {
  codec::Bytes bytes;
  DSLAB_STATE(BytesReply, bytes)
};
struct TextReply {
  std::string text;
  DSLAB_STATE(TextReply, text)
};
/// The request failed inside the host (the node threw, an unknown node, a bad request).
struct ErrorReply {
  std::string message;
  DSLAB_STATE(ErrorReply, message)
};

template <class P>
using Response = std::variant<EffectsReply<P>, Done, BytesReply, TextReply, ErrorReply>;

}  // namespace dslab::host
