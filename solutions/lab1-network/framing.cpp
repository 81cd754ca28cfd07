// Part 2 (reference solution): length-prefixed frame codec.
#include "framing.hpp"

#include <cstdint>

namespace lab1 {
namespace {

std::size_t read_length(std::string_view header) {
  std::uint32_t n = 0;
  for (std::size_t i = 0; i < kHeaderBytes; ++i) {
    n = (n << 8) | static_cast<unsigned char>(header[i]);
  }
  return n;
}

std::string too_large(std::size_t n, std::size_t max) {
  return "frame too large: " + std::to_string(n) + " bytes (max " + std::to_string(max) + ")";
}

}  // namespace

std::string encode_frame(std::string_view payload, std::size_t max_payload) {
  if (payload.size() > max_payload) throw FrameError(too_large(payload.size(), max_payload));
  const auto n = static_cast<std::uint32_t>(payload.size());
  std::string out;
  out.reserve(kHeaderBytes + payload.size());
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((n >> shift) & 0xFFU));
  }
  out.append(payload);
  return out;
}

std::vector<std::string> FrameDecoder::feed(std::string_view bytes) {
  if (!error_.empty()) throw FrameError(error_);
  buffer_.append(bytes);
  std::vector<std::string> frames;
  std::size_t pos = 0;  // consume from the front once, not per frame (no quadratic erase)
  while (buffer_.size() - pos >= kHeaderBytes) {
    const std::size_t n = read_length(std::string_view(buffer_).substr(pos, kHeaderBytes));
    if (n > max_payload_) {
      error_ = too_large(n, max_payload_);
      buffer_.clear();
      throw FrameError(error_);
    }
    if (buffer_.size() - pos - kHeaderBytes < n) break;
    frames.push_back(buffer_.substr(pos + kHeaderBytes, n));
    pos += kHeaderBytes + n;
  }
  buffer_.erase(0, pos);
  return frames;
}

void FrameDecoder::finish() const {
  if (!error_.empty()) throw FrameError(error_);
  if (buffer_.empty()) return;
  if (buffer_.size() < kHeaderBytes) {
    throw FrameError("truncated frame: stream ended inside a header (" +
                     std::to_string(buffer_.size()) + " of 4 bytes)");
  }
  throw FrameError("truncated frame: stream ended after " +
                   std::to_string(buffer_.size() - kHeaderBytes) + " of " +
                   std::to_string(read_length(buffer_)) + " payload bytes");
}

}  // namespace lab1
