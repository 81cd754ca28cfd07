// Out-of-line parts of the wire codec: the bounds-checked reader.
#include "runtime/codec/wire.hpp"

namespace dslab::codec {

void Reader::read(void* data, std::size_t size, const char* what) {
  if (size > remaining()) {
    fail(std::string("truncated input: need ") + std::to_string(size) + " bytes for " + what +
         " at offset " + std::to_string(pos_) + ", " + std::to_string(remaining()) + " left");
  }
  if (size > 0) std::memcpy(data, in_.data() + pos_, size);
  pos_ += size;
}

void Reader::fail(const std::string& problem) const {
  throw DecodeError("dslab codec: " + problem);
}

}  // namespace dslab::codec
