// Part 2 (yours; keep the public API): length-prefixed frames over a byte stream (encoder and incremental decoder).
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lab1 {

/// A frame is a 4-byte unsigned length in network byte order (big-endian) followed by that
/// many payload bytes. An empty payload is a valid frame.
inline constexpr std::size_t kHeaderBytes = 4;
/// Largest payload the lab's programs accept (64 KiB).
inline constexpr std::size_t kMaxPayload = 65536;

/// A violation of the framing rules: an oversized length, or a stream that ends mid-frame.
/// what() says which, with the numbers (e.g. "frame too large: 70000 bytes (max 65536)").
class FrameError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The frame carrying `payload`. Throws FrameError if payload.size() > max_payload.
std::string encode_frame(std::string_view payload, std::size_t max_payload = kMaxPayload);

/// Turns a stream of bytes, delivered in pieces of any size (one byte, half a header, several
/// frames at once), back into frames. Not thread-safe.
class FrameDecoder {
 public:
  explicit FrameDecoder(std::size_t max_payload = kMaxPayload) : max_payload_(max_payload) {}

  /// Consumes `bytes` and returns the frames they complete, in order (possibly none).
  /// Throws FrameError as soon as a header announces more than max_payload bytes (without
  /// waiting for the payload). After a FrameError the decoder is failed: every later call
  /// throws FrameError too.
  std::vector<std::string> feed(std::string_view bytes);

  /// Call at the end of the stream. Throws FrameError ("truncated frame: ...") if the stream
  /// ended inside a header or payload, or if the decoder is failed.
  void finish() const;

  /// Bytes received but not yet part of a returned frame.
  std::size_t buffered() const { return buffer_.size(); }

 private:
  std::size_t max_payload_;
  std::string buffer_;
  std::string error_;  // non-empty once failed
};

}  // namespace lab1
