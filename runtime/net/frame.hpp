// The real network's frames: a 24-byte header (magic, version, kind, protocol id, sender,
// length) and a payload in the runtime's wire codec. Parsing never trusts its input: a malformed
// or foreign frame is refused with a reason, never a crash.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "runtime/codec/hash.hpp"
#include "runtime/codec/state.hpp"
#include "runtime/codec/view.hpp"
#include "runtime/codec/wire.hpp"
#include "runtime/node/types.hpp"

namespace dslab::net {

/// "DSLN" in little-endian order: the first four bytes of every frame.
inline constexpr std::uint32_t kFrameMagic = 0x4e4c5344;
/// Version of the header layout; a frame of another version is refused.
inline constexpr std::uint8_t kFrameVersion = 1;
/// Bytes of the header.
inline constexpr std::size_t kHeaderSize = 24;
/// The largest payload a node accepts by default (larger frames are refused as oversized).
inline constexpr std::uint32_t kDefaultMaxPayload = 4u << 20;

/// What a frame carries.
enum class FrameKind : std::uint8_t {
  kMessage = 1,    ///< a protocol message (payload: P::Message in the wire codec)
  kHeartbeat = 2,  ///< the runtime leader detector's "I am alive" (empty payload)
  kFaults = 3,     ///< from the environment only: the network faults to apply (NetFaults)
};

/// The protocol id of fault frames (any lab's node obeys them).
inline constexpr std::uint64_t kFaultsProtocol = 0x5346'4c54'5344'0001;  // "DSTLFS", 1

/// Network faults a node's transport applies from now on (`dslab cluster --faults`): the
/// environment (clients, the cluster's driver) is never affected, only traffic between nodes.
struct NetFaults {
  std::vector<NodeId> cut = {};      ///< peers this node neither sends to nor hears from
  std::uint32_t drop_per_mille = 0;  ///< each frame to a peer is lost with this chance (/1000)
  Duration delay = 0;                ///< each frame to a peer is held this long first (µs)
  DSLAB_STATE(NetFaults, cut, drop_per_mille, delay)
};

/// Why a frame was refused. Every refused frame is counted under one reason.
enum class DropReason : std::uint8_t {
  kShort,      ///< fewer bytes than a header
  kMagic,      ///< not a dslab frame (another program talks to this port)
  kVersion,    ///< a dslab frame of another header version
  kKind,       ///< unknown frame kind
  kProtocol,   ///< another lab's (or another build's) protocol
  kSender,     ///< the sender is not a node of this cluster (nor the environment)
  kLength,     ///< the header's length disagrees with the bytes received
  kOversized,  ///< the payload is larger than the node accepts
  kDecode,     ///< the payload is not a valid message of the protocol
};
inline constexpr std::size_t kDropReasons = 9;

/// "short", "magic", ...: the reason's name in logs and statistics.
std::string_view drop_reason_name(DropReason reason);

/// Frames refused so far, by reason.
struct DropCounts {
  std::array<std::uint64_t, kDropReasons> by_reason{};

  void add(DropReason reason) { ++by_reason[static_cast<std::size_t>(reason)]; }
  std::uint64_t operator[](DropReason reason) const {
    return by_reason[static_cast<std::size_t>(reason)];
  }
  std::uint64_t total() const;
};

/// A frame's decoded header.
struct FrameHeader {
  FrameKind kind = FrameKind::kMessage;
  std::uint64_t protocol = 0;
  NodeId sender = 0;
  std::uint32_t length = 0;
};

/// A frame that passed the header checks: its sender, kind and (not yet decoded) payload.
struct RawFrame {
  FrameKind kind = FrameKind::kMessage;
  NodeId sender = 0;
  std::span<const std::byte> payload;
};

/// Appends the header and `payload` to `out` (cleared first).
void encode_frame(const FrameHeader& header, std::span<const std::byte> payload, codec::Bytes& out);

/// What a receiver accepts.
struct Acceptance {
  std::uint64_t protocol = 0;                    ///< its protocol id (protocol_id<P>())
  std::span<const NodeId> senders;               ///< the cluster's ids (kEnvironment always ok)
  std::uint32_t max_payload = kDefaultMaxPayload;
};

/// Checks a received frame's header against `accept`: the frame, or why it is refused.
std::variant<RawFrame, DropReason> parse_frame(std::span<const std::byte> bytes,
                                               const Acceptance& accept);

/// A stable id of a protocol's messages: FNV-1a 64 over the names of every message type and of
/// its fields, so nodes of different labs (or of incompatible builds) never decode each other.
template <class P>
std::uint64_t protocol_id() {
  static const std::uint64_t id = [] {
    codec::HashSink sink;
    auto add = [&](const std::string& text) { sink.write(text.data(), text.size() + 1); };
    [&]<class... M>(std::variant<M...>*) {
      ((add(codec::display_name<M>()), [&] {
         for (const auto& field : codec::field_names<M>()) add(field);
       }()), ...);
    }(static_cast<typename P::Message*>(nullptr));
    return sink.digest();
  }();
  return id;
}

/// A received protocol message.
template <class P>
struct Inbound {
  NodeId from = 0;
  typename P::Message msg{};
};

/// A frame's fate at the receiver: a message, a heartbeat from `sender`, faults to apply, or a
/// drop.
template <class P>
struct Received {
  std::variant<Inbound<P>, NodeId, DropReason, NetFaults> what;
};

/// The whole receive path of one frame: header checks, then decoding of a message payload.
/// Never throws on any input.
template <class P>
Received<P> receive(std::span<const std::byte> bytes, const Acceptance& accept) {
  auto parsed = parse_frame(bytes, accept);
  if (auto* reason = std::get_if<DropReason>(&parsed)) return {*reason};
  const RawFrame& frame = std::get<RawFrame>(parsed);
  if (frame.kind == FrameKind::kHeartbeat) {
    if (frame.sender == kEnvironment) return {DropReason::kSender};
    if (!frame.payload.empty()) return {DropReason::kLength};
    return {frame.sender};
  }
  try {
    if (frame.kind == FrameKind::kFaults) return {codec::decode<NetFaults>(frame.payload)};
    return {Inbound<P>{frame.sender, codec::decode<typename P::Message>(frame.payload)}};
  } catch (const codec::DecodeError&) {
    return {DropReason::kDecode};
  } catch (const std::length_error&) {
    return {DropReason::kDecode};
  } catch (const std::bad_alloc&) {
    return {DropReason::kDecode};
  }
}

/// Encodes `faults` as a fault frame from the environment into `out`.
void encode_faults(const NetFaults& faults, codec::Bytes& out);

/// Encodes `msg` from `sender` as a message frame of protocol P into `out`.
template <class P>
void encode_message(NodeId sender, const typename P::Message& msg, codec::Bytes& out,
                    codec::Bytes& scratch) {
  scratch.clear();
  codec::encode_into(msg, scratch);
  encode_frame({.kind = FrameKind::kMessage,
                .protocol = protocol_id<P>(),
                .sender = sender,
                .length = static_cast<std::uint32_t>(scratch.size())},
               scratch, out);
}

}  // namespace dslab::net
