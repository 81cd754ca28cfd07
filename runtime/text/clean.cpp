// Cleaning untrusted text (see clean.hpp).
#include "runtime/text/clean.hpp"

#include <fmt/format.h>

namespace dslab::text {
namespace {

// Length of the valid UTF-8 sequence starting at s[i] and its code point, or 0 if s[i] does not
// start one (RFC 3629: shortest form, no surrogates, at most U+10FFFF).
std::size_t sequence_at(std::string_view s, std::size_t i, char32_t& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char b0 = byte(0);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t n = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
    cp = b0 & 0x1FU;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    cp = b0 & 0x0FU;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    cp = b0 & 0x07U;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(k) & 0xC0U) != 0x80U) return 0;
    cp = (cp << 6) | (byte(k) & 0x3FU);
  }
  const char32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Whether a decoded code point may appear in the output as it is.
bool allowed(char32_t cp, bool multiline) {
  if (cp == '\n' || cp == '\t') return multiline;
  if (cp < 0x20 || cp == 0x7F) return false;
  if (cp >= 0x80 && cp <= 0x9F) return false;
  return cp != 0xFFFE && cp != 0xFFFF;
}

// Largest cut <= limit that does not split a UTF-8 sequence of (valid) `s`.
std::size_t char_boundary(const std::string& s, std::size_t limit) {
  std::size_t cut = std::min(limit, s.size());
  while (cut > 0 && cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0U) == 0x80U) --cut;
  return cut;
}

// Bounds cleaned text `s`; `unscanned` more bytes of the raw text were never cleaned (and count
// as cut).
std::string bound(std::string s, const CleanOptions& options, std::size_t unscanned) {
  if (options.max_bytes == 0 || (s.size() <= options.max_bytes && unscanned == 0)) return s;
  // The marker's number has at most 20 digits: reserve its longest form.
  constexpr std::size_t kMarkerMax = sizeof(" [... 18446744073709551615 more bytes cut]") - 1;
  const std::size_t room = options.max_bytes > kMarkerMax ? options.max_bytes - kMarkerMax : 0;
  std::size_t cut = char_boundary(s, room);
  if (options.multiline) {
    // Keep whole lines when the first line fits.
    const std::size_t nl = s.rfind('\n', cut == 0 ? 0 : cut - 1);
    if (nl != std::string::npos && nl < cut) cut = nl + 1;
  }
  const std::size_t dropped = s.size() - cut + unscanned;
  s.resize(cut);
  s += fmt::format(" [... {} more bytes cut]", dropped);
  if (s.size() > options.max_bytes) s.resize(char_boundary(s, options.max_bytes));  // tiny bounds
  return s;
}

}  // namespace

std::string clean_text(std::string_view raw, CleanOptions options) {
  std::string out;
  out.reserve(std::min(raw.size(), options.max_bytes == 0 ? raw.size() : options.max_bytes + 64));
  // Stop early: what exceeds the bound by far is cut anyway, and the marker counts raw bytes.
  const std::size_t scan_limit = options.max_bytes == 0 ? std::string::npos : options.max_bytes * 2 + 64;
  std::size_t i = 0;
  while (i < raw.size() && out.size() <= scan_limit) {
    char32_t cp = 0;
    const std::size_t n = sequence_at(raw, i, cp);
    if (n == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (cp == '\r') {
      // dropped: "\r\n" line ends read as "\n"
    } else if (allowed(cp, options.multiline)) {
      out.append(raw.substr(i, n));
    } else if (!options.multiline && (cp == '\n' || cp == '\t')) {
      out += ' ';
    } else {
      out += kReplacement;
    }
    i += n;
  }
  return bound(std::move(out), options, raw.size() - i);
}

std::string first_lines(std::string_view text, std::size_t lines) {
  std::size_t pos = 0;
  for (std::size_t k = 0; k < lines; ++k) {
    const std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) return std::string(text);
    pos = nl + 1;
  }
  return std::string(text.substr(0, pos == 0 ? 0 : pos - 1));
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t n = sequence_at(s, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

}  // namespace dslab::text
