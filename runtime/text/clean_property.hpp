// The property clean_text() promises for any bytes, shared by its unit test (a deterministic
// generator of hostile inputs) and its libFuzzer target (clean_fuzz.cpp).
#pragma once

#include <string>
#include <string_view>

#include "runtime/text/clean.hpp"

namespace dslab::text {

/// Checks clean_text(raw, options): valid UTF-8, no character XML 1.0 forbids, no control
/// character but '\n'/'\t' (none at all for one-line text), within the bound. Returns "" when
/// it holds, else what broke.
inline std::string clean_property_violation(std::string_view raw, CleanOptions options) {
  const std::string out = clean_text(raw, options);
  if (!is_valid_utf8(out)) return "output is not valid UTF-8";
  if (options.max_bytes != 0 && out.size() > options.max_bytes) return "output exceeds the bound";
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    if (c == '\n' || c == '\t') {
      if (!options.multiline) return "a line break or tab in one-line output";
      continue;
    }
    if (c < 0x20 || c == 0x7F) return "a control character in the output";
    // C1 controls (U+0080..U+009F) are 0xC2 0x80..0x9F in UTF-8; U+FFFE/U+FFFF are EF BF BE/BF.
    if (c == 0xC2 && i + 1 < out.size() && static_cast<unsigned char>(out[i + 1]) <= 0x9F) {
      return "a C1 control character in the output";
    }
    if (c == 0xEF && i + 2 < out.size() && static_cast<unsigned char>(out[i + 1]) == 0xBF &&
        static_cast<unsigned char>(out[i + 2]) >= 0xBE) {
      return "a noncharacter U+FFFE/U+FFFF in the output";
    }
  }
  if (clean_text(out, options) != out && options.max_bytes == 0) return "cleaning is not idempotent";
  return "";
}

}  // namespace dslab::text
