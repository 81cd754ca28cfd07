// The receive path refuses garbage, truncated, oversized and foreign frames with a reason and
// never crashes: tables of hand-made frames, every prefix and every one-byte change of a valid
// frame, and seeded random garbage; fault frames and the fault gate the transport applies.
#include "runtime/net/frame.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <utility>
#include <vector>

#include "runtime/examples/ping/ping.hpp"
#include "runtime/net/faults.hpp"
#include "runtime/random/random.hpp"

namespace dslab::net {
namespace {

namespace ping = examples::ping;
using ping::Protocol;
const std::vector<NodeId> kIds = {1, 2, 3};
const Acceptance kAccept{.protocol = protocol_id<Protocol>(), .senders = kIds, .max_payload = 64};

codec::Bytes valid_frame(NodeId sender = 2, std::uint64_t seq = 7) {
  codec::Bytes frame, scratch;
  encode_message<Protocol>(sender, Protocol::Message{ping::Ping{seq}}, frame, scratch);
  return frame;
}

codec::Bytes frame_with(FrameHeader header, codec::Bytes payload) {
  codec::Bytes out;
  encode_frame(header, payload, out);
  return out;
}

TEST(Frame, AValidMessageIsReceivedWithItsSender) {
  const auto got = receive<Protocol>(valid_frame(), kAccept);
  const auto* in = std::get_if<Inbound<Protocol>>(&got.what);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->from, 2);
  EXPECT_EQ(std::get<ping::Ping>(in->msg).seq, 7u);
}

TEST(Frame, TheEnvironmentMaySendMessagesButNotHeartbeats) {
  EXPECT_TRUE(std::holds_alternative<Inbound<Protocol>>(
      receive<Protocol>(valid_frame(kEnvironment), kAccept).what));
  const auto hb = frame_with({.kind = FrameKind::kHeartbeat, .protocol = kAccept.protocol,
                              .sender = kEnvironment, .length = 0}, {});
  EXPECT_EQ(std::get<DropReason>(receive<Protocol>(hb, kAccept).what), DropReason::kSender);
}

struct BadFrame {
  const char* name;
  codec::Bytes bytes;
  DropReason reason;
};

TEST(Frame, MalformedAndForeignFramesAreDroppedWithTheirReason) {
  const std::uint64_t id = kAccept.protocol;
  codec::Bytes wrong_magic = valid_frame();
  wrong_magic[0] = std::byte{'X'};
  codec::Bytes wrong_version = valid_frame();
  wrong_version[4] = std::byte{9};
  codec::Bytes bad_kind = valid_frame();
  bad_kind[5] = std::byte{77};
  codec::Bytes longer = valid_frame();
  longer.push_back(std::byte{0});
  const std::vector<BadFrame> table = {
      {.name = "empty", .bytes = {}, .reason = DropReason::kShort},
      {.name = "http", .bytes = codec::Bytes(16, std::byte{'G'}), .reason = DropReason::kMagic},
      {.name = "magic", .bytes = wrong_magic, .reason = DropReason::kMagic},
      {.name = "version", .bytes = wrong_version, .reason = DropReason::kVersion},
      {.name = "kind", .bytes = bad_kind, .reason = DropReason::kKind},
      {.name = "other protocol",
       .bytes = frame_with({.protocol = id + 1, .sender = 1, .length = 0}, {}),
       .reason = DropReason::kProtocol},
      {.name = "stranger", .bytes = frame_with({.protocol = id, .sender = 9, .length = 0}, {}),
       .reason = DropReason::kSender},
      {.name = "negative sender",
       .bytes = frame_with({.protocol = id, .sender = -1, .length = 0}, {}),
       .reason = DropReason::kSender},
      {.name = "oversized",
       .bytes = frame_with({.protocol = id, .sender = 1, .length = 65}, codec::Bytes(65)),
       .reason = DropReason::kOversized},
      {.name = "oversized header only",
       .bytes = frame_with({.protocol = id, .sender = 1, .length = 0xffffffff}, {}),
       .reason = DropReason::kOversized},
      {.name = "trailing byte", .bytes = longer, .reason = DropReason::kLength},
      {.name = "heartbeat with payload",
       .bytes = frame_with({.kind = FrameKind::kHeartbeat, .protocol = id, .sender = 1,
                            .length = 1}, codec::Bytes(1)),
       .reason = DropReason::kLength},
      {.name = "bad variant index",
       .bytes = frame_with({.protocol = id, .sender = 1, .length = 12}, codec::Bytes(12, std::byte{0xff})),
       .reason = DropReason::kDecode},
  };
  for (const auto& row : table) {
    const auto got = receive<Protocol>(row.bytes, kAccept);
    const auto* reason = std::get_if<DropReason>(&got.what);
    ASSERT_NE(reason, nullptr) << row.name << ": accepted";
    EXPECT_EQ(*reason, row.reason) << row.name << ": dropped as " << drop_reason_name(*reason);
  }
}

TEST(Frame, EveryTruncationIsDropped) {
  const codec::Bytes frame = valid_frame();
  for (std::size_t n = 0; n < frame.size(); ++n) {
    const auto got = receive<Protocol>(std::span(frame).first(n), kAccept);
    const auto* reason = std::get_if<DropReason>(&got.what);
    ASSERT_NE(reason, nullptr) << "prefix of " << n << " bytes accepted";
    EXPECT_EQ(*reason, n < kHeaderSize ? DropReason::kShort : DropReason::kLength) << n;
  }
}

TEST(Frame, EveryOneByteChangeIsDroppedOrDecodesToAValidMessage) {
  const codec::Bytes frame = valid_frame();
  for (std::size_t i = 0; i < frame.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      codec::Bytes changed = frame;
      changed[i] ^= static_cast<std::byte>(1 << bit);
      const auto got = receive<Protocol>(changed, kAccept);
      if (i < kHeaderSize && i != 16 && i != 17 && i != 18 && i != 19) {
        // Any change to the header (but the sender) is refused.
        EXPECT_TRUE(std::holds_alternative<DropReason>(got.what)) << "byte " << i << " bit " << bit;
      }
    }
  }
}

TEST(Frame, SeededRandomGarbageNeverCrashesAndIsNeverAccepted) {
  random::Rng rng(20261202);
  DropCounts counts;
  for (int i = 0; i < 20000; ++i) {
    codec::Bytes garbage(rng.below(80));
    for (auto& b : garbage) b = static_cast<std::byte>(rng.below(256));
    if (i % 2 == 0 && garbage.size() >= 4) {  // half of them with the right magic
      garbage[0] = std::byte{0x44}; garbage[1] = std::byte{0x53};
      garbage[2] = std::byte{0x4c}; garbage[3] = std::byte{0x4e};
    }
    const auto got = receive<Protocol>(garbage, kAccept);
    ASSERT_TRUE(std::holds_alternative<DropReason>(got.what)) << "garbage " << i << " accepted";
    counts.add(std::get<DropReason>(got.what));
  }
  EXPECT_EQ(counts.total(), 20000u);
  EXPECT_GT(counts[DropReason::kMagic], 0u);
  EXPECT_GT(counts[DropReason::kVersion], 0u);
}

struct OtherMessage {
  int x = 0;
  DSLAB_STATE(OtherMessage, x)
};
struct Other {
  using Message = std::variant<OtherMessage>;
};

TEST(Frame, ProtocolIdsDifferBetweenProtocolsAndAreStable) {
  EXPECT_NE(protocol_id<Protocol>(), protocol_id<Other>());
  EXPECT_EQ(protocol_id<Protocol>(), protocol_id<Protocol>());
}

}  // namespace
}  // namespace dslab::net

namespace dslab::net {
namespace {

TEST(Frame, FaultFramesComeOnlyFromTheEnvironmentAndRoundTrip) {
  const NetFaults faults{.cut = {2, 3}, .drop_per_mille = 250, .delay = msec(40)};
  codec::Bytes frame;
  encode_faults(faults, frame);
  const auto got = receive<Protocol>(frame, kAccept);
  const auto* back = std::get_if<NetFaults>(&got.what);
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(*back, faults);
  frame[16] = std::byte{1};  // the sender field: a node may not send fault frames
  EXPECT_EQ(std::get<DropReason>(receive<Protocol>(frame, kAccept).what), DropReason::kSender);
}

TEST(FaultGate, CutPeersAreNeitherHeardNorSentToDropsLoseAndDelaysHoldInOrder) {
  FaultGate gate(1);
  const codec::Bytes a(3, std::byte{1}), b(3, std::byte{2});
  EXPECT_TRUE(gate.admit(2, a, 0));
  gate.set({.cut = {2}});
  EXPECT_FALSE(gate.hears(2));
  EXPECT_TRUE(gate.hears(3));
  EXPECT_TRUE(gate.hears(kEnvironment));
  EXPECT_FALSE(gate.admit(2, a, 0));
  EXPECT_TRUE(gate.admit(3, a, 0));
  EXPECT_EQ(gate.lost(), 1u);
  gate.set({.drop_per_mille = 1000});
  EXPECT_FALSE(gate.admit(3, a, 0));
  EXPECT_EQ(gate.lost(), 2u);
  gate.set({.drop_per_mille = 500});
  int admitted = 0;
  for (int i = 0; i < 1000; ++i) admitted += gate.admit(3, a, 0) ? 1 : 0;
  EXPECT_GT(admitted, 400);
  EXPECT_LT(admitted, 600);
  gate.set({.delay = 100});
  EXPECT_FALSE(gate.admit(3, a, 10));
  EXPECT_FALSE(gate.admit(2, b, 20));
  EXPECT_EQ(gate.next_due(), std::optional<Time>(110));
  std::vector<std::pair<NodeId, codec::Bytes>> sent;
  const auto send = [&](NodeId to, std::span<const std::byte> f) { sent.emplace_back(to, codec::Bytes(f.begin(), f.end())); };
  gate.release(109, send);
  EXPECT_TRUE(sent.empty());
  gate.release(120, send);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0], std::make_pair(NodeId{3}, a));
  EXPECT_EQ(sent[1], std::make_pair(NodeId{2}, b));
  EXPECT_FALSE(gate.next_due().has_value());
}

}  // namespace
}  // namespace dslab::net
