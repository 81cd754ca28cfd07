// Hidden-test oracle: the part-1 command rules, restated from the handout (trusted).
#pragma once

#include <string>
#include <string_view>

namespace lab1::tests {

/// The reply the handout specifies for `request`.
inline std::string expected_reply(std::string_view request) {
  const std::string unknown = "Unknown command";
  if (request.size() > 1024) return unknown;
  const auto sep = request.find("|:|");
  if (sep == std::string_view::npos) return unknown;
  const std::string_view name = request.substr(0, sep);
  std::string text(request.substr(sep + 3));
  auto up = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; };
  auto low = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  bool start = true;
  for (char& c : text) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (name == "UPPER") {
      c = up(c);
    } else if (name == "LOWER") {
      c = low(c);
    } else if (name == "SWAP") {
      c = c >= 'a' && c <= 'z' ? up(c) : low(c);
    } else if (name == "ROT13" && letter) {
      const char base = c >= 'a' ? 'a' : 'A';
      c = static_cast<char>(base + (c - base + 13) % 26);
    } else if (name == "CAMEL") {
      c = start ? up(c) : low(c);
      start = c == ' ' || (c >= '\t' && c <= '\r');
    }
  }
  if (name != "UPPER" && name != "LOWER" && name != "SWAP" && name != "ROT13" && name != "CAMEL") {
    return unknown;
  }
  return text;
}

}  // namespace lab1::tests
