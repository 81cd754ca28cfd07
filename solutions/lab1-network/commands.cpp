// Part 1 (reference solution): the text commands.
#include "commands.hpp"

#include <array>
#include <utility>

namespace lab1 {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
char upper(char c) { return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c; }
char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

template <class F>
std::string map_bytes(std::string_view text, F f) {
  std::string out(text);
  for (char& c : out) c = f(c);
  return out;
}

}  // namespace

std::string to_upper(std::string_view text) { return map_bytes(text, upper); }
std::string to_lower(std::string_view text) { return map_bytes(text, lower); }

std::string to_camel(std::string_view text) {
  std::string out(text);
  bool word_start = true;
  for (char& c : out) {
    c = word_start ? upper(c) : lower(c);
    word_start = is_space(c);
  }
  return out;
}

std::string rot13(std::string_view text) {
  return map_bytes(text, [](char c) {
    if (is_upper(c)) return static_cast<char>('A' + (c - 'A' + 13) % 26);
    if (is_lower(c)) return static_cast<char>('a' + (c - 'a' + 13) % 26);
    return c;
  });
}

std::string swap_case(std::string_view text) {
  return map_bytes(text, [](char c) { return is_upper(c) ? lower(c) : upper(c); });
}

std::string handle_request(std::string_view request) {
  using Transform = std::string (*)(std::string_view);
  static constexpr std::array<std::pair<std::string_view, Transform>, 5> kCommands{{
      {"UPPER", to_upper}, {"LOWER", to_lower}, {"CAMEL", to_camel},
      {"ROT13", rot13}, {"SWAP", swap_case},
  }};
  if (request.size() > kMaxRequestBytes) return std::string(kUnknownCommand);
  const auto sep = request.find(kSeparator);
  if (sep == std::string_view::npos) return std::string(kUnknownCommand);
  const std::string_view name = request.substr(0, sep);
  const std::string_view text = request.substr(sep + kSeparator.size());
  for (const auto& [command, transform] : kCommands) {
    if (command == name) return transform(text);
  }
  return std::string(kUnknownCommand);
}

}  // namespace lab1
