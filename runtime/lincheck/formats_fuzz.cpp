// libFuzzer target over the three history readers: arbitrary bytes are rejected with an
// InputError or read as a well-formed history; a crash, sanitizer report or abort is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "runtime/lincheck/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)dslab::lincheck::check_history_bytes(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
