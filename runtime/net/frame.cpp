// Frame header encoding and the header checks of the receive path.
#include "runtime/net/frame.hpp"

#include <algorithm>
#include <cstring>

namespace dslab::net {
namespace {

template <class T>
void put(codec::Bytes& out, T value) {
  std::array<std::byte, sizeof(T)> bytes{};
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    bytes[i] = static_cast<std::byte>((static_cast<std::uint64_t>(value) >> (8 * i)) & 0xff);
  }
  out.insert(out.end(), bytes.begin(), bytes.end());
}

template <class T>
T get(std::span<const std::byte> in, std::size_t offset) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    v |= static_cast<std::uint64_t>(in[offset + i]) << (8 * i);
  }
  return static_cast<T>(v);
}

}  // namespace

std::string_view drop_reason_name(DropReason reason) {
  switch (reason) {
    case DropReason::kShort: return "short";
    case DropReason::kMagic: return "magic";
    case DropReason::kVersion: return "version";
    case DropReason::kKind: return "kind";
    case DropReason::kProtocol: return "protocol";
    case DropReason::kSender: return "sender";
    case DropReason::kLength: return "length";
    case DropReason::kOversized: return "oversized";
    case DropReason::kDecode: return "decode";
  }
  return "unknown";
}

std::uint64_t DropCounts::total() const {
  std::uint64_t sum = 0;
  for (auto n : by_reason) sum += n;
  return sum;
}

void encode_frame(const FrameHeader& header, std::span<const std::byte> payload,
                  codec::Bytes& out) {
  out.clear();
  out.reserve(kHeaderSize + payload.size());
  put<std::uint32_t>(out, kFrameMagic);
  put<std::uint8_t>(out, kFrameVersion);
  put<std::uint8_t>(out, static_cast<std::uint8_t>(header.kind));
  put<std::uint16_t>(out, 0);
  put<std::uint64_t>(out, header.protocol);
  put<std::uint32_t>(out, static_cast<std::uint32_t>(header.sender));
  put<std::uint32_t>(out, header.length);
  out.insert(out.end(), payload.begin(), payload.end());
}

void encode_faults(const NetFaults& faults, codec::Bytes& out) {
  const codec::Bytes payload = codec::encode(faults);
  encode_frame({.kind = FrameKind::kFaults, .protocol = kFaultsProtocol, .sender = kEnvironment,
                .length = static_cast<std::uint32_t>(payload.size())},
               payload, out);
}

std::variant<RawFrame, DropReason> parse_frame(std::span<const std::byte> bytes,
                                               const Acceptance& accept) {
  if (bytes.size() < kHeaderSize) {
    if (bytes.size() >= 4 && get<std::uint32_t>(bytes, 0) != kFrameMagic) return DropReason::kMagic;
    return DropReason::kShort;
  }
  if (get<std::uint32_t>(bytes, 0) != kFrameMagic) return DropReason::kMagic;
  if (get<std::uint8_t>(bytes, 4) != kFrameVersion) return DropReason::kVersion;
  const auto kind = get<std::uint8_t>(bytes, 5);
  if (kind != static_cast<std::uint8_t>(FrameKind::kMessage) &&
      kind != static_cast<std::uint8_t>(FrameKind::kHeartbeat) &&
      kind != static_cast<std::uint8_t>(FrameKind::kFaults)) {
    return DropReason::kKind;
  }
  if (get<std::uint16_t>(bytes, 6) != 0) return DropReason::kVersion;
  const bool faults = kind == static_cast<std::uint8_t>(FrameKind::kFaults);
  if (get<std::uint64_t>(bytes, 8) != (faults ? kFaultsProtocol : accept.protocol)) {
    return DropReason::kProtocol;
  }
  const auto sender = static_cast<NodeId>(get<std::uint32_t>(bytes, 16));
  if (faults && sender != kEnvironment) return DropReason::kSender;
  if (sender != kEnvironment &&
      std::find(accept.senders.begin(), accept.senders.end(), sender) == accept.senders.end()) {
    return DropReason::kSender;
  }
  const auto length = get<std::uint32_t>(bytes, 20);
  if (length > accept.max_payload) return DropReason::kOversized;
  if (length != bytes.size() - kHeaderSize) return DropReason::kLength;
  return RawFrame{.kind = static_cast<FrameKind>(kind),
                  .sender = sender,
                  .payload = bytes.subspan(kHeaderSize)};
}

}  // namespace dslab::net
