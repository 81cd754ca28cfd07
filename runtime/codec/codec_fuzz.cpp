// libFuzzer target: decoding arbitrary bytes must either succeed and re-encode to the same
// bytes, or throw DecodeError; anything else (crash, sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "runtime/codec/codec_test_types.hpp"
#include "runtime/codec/wire.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dslab::codec;
  const std::span<const std::byte> in(reinterpret_cast<const std::byte*>(data), size);
  try {
    const auto m = decode<testtypes::Message>(in);
    const Bytes again = encode(m);
    if (again.size() != size || !std::equal(again.begin(), again.end(), in.begin())) std::abort();
  } catch (const DecodeError&) {
  }
  return 0;
}
