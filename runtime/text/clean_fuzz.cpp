// libFuzzer target (preset fuzz): clean_text() keeps its promise for any bytes and bounds.
#include <cstdint>
#include <cstdlib>

#include "runtime/text/clean_property.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const std::size_t bound = size == 0 ? 0 : data[0] % 97;
  for (const bool multiline : {true, false}) {
    for (const std::size_t max : {std::size_t{0}, bound, std::size_t{240}}) {
      if (!dslab::text::clean_property_violation(raw, {.multiline = multiline, .max_bytes = max}).empty()) {
        std::abort();
      }
    }
  }
  return 0;
}
