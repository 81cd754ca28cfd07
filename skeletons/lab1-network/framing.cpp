// Part 2 (skeleton): length-prefixed frame codec.
#include "framing.hpp"

namespace lab1 {

std::string encode_frame(std::string_view /*payload*/, std::size_t /*max_payload*/) {
  throw std::logic_error("not implemented: encode_frame");
}

std::vector<std::string> FrameDecoder::feed(std::string_view /*bytes*/) {
  // Append to buffer_, then cut out every complete frame. Check the length as soon as the
  // header is complete.
  throw std::logic_error("not implemented: FrameDecoder::feed");
}

void FrameDecoder::finish() const { throw std::logic_error("not implemented: FrameDecoder::finish"); }

}  // namespace lab1
