// Untrusted text made safe to show: valid UTF-8, no control characters that break a terminal,
// XML, JSON or a Markdown table, and a bounded length. The one cleaner every report writer and
// the lab kit's failure facts use.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

namespace dslab::text {

/// How clean_text() treats line structure and length.
struct CleanOptions {
  /// Keep '\n' and '\t' (multi-line detail); otherwise every line break and tab becomes a space
  /// (a one-line reason, a table cell).
  bool multiline = true;
  /// At most this many bytes, the cut marker included (0: no bound). Multi-line text is cut at
  /// the end of a line, so no line is cut in the middle, unless the first line alone is longer
  /// than the bound; one-line text is cut between two characters.
  std::size_t max_bytes = 0;
};

/// The replacement character U+FFFD as UTF-8.
inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

/// Returns `raw` as valid UTF-8 that XML 1.0 accepts: every byte that does not start a valid,
/// shortest-form UTF-8 sequence of a Unicode scalar value becomes U+FFFD (one per byte); C0
/// controls other than '\n' and '\t', DEL, C1 controls and U+FFFE/U+FFFF become U+FFFD too
/// ('\r' is dropped). Then bounds the length (CleanOptions::max_bytes) with a marker
/// " [... N more bytes cut]". Total: never throws (beyond std::bad_alloc), for any bytes.
std::string clean_text(std::string_view raw, CleanOptions options = {});

/// clean_text() for one line: line breaks become spaces, at most `max_bytes` bytes.
inline std::string clean_line(std::string_view raw, std::size_t max_bytes = 0) {
  return clean_text(raw, {.multiline = false, .max_bytes = max_bytes});
}

/// The first `lines` lines of `text` (without a final newline); the whole text if it has fewer.
std::string first_lines(std::string_view text, std::size_t lines);

/// True when `s` is valid UTF-8 of Unicode scalar values (no overlong forms, no surrogates).
bool is_valid_utf8(std::string_view s);

}  // namespace dslab::text
