// Part 1 (yours; keep the public API): the text commands of the UDP server (pure functions, no sockets).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lab1 {

/// Separates the command name from its text: "UPPER|:|hello".
inline constexpr std::string_view kSeparator = "|:|";
/// The reply to anything that is not a well-formed request with a known command.
inline constexpr std::string_view kUnknownCommand = "Unknown command";
/// Longest request (whole datagram) the server accepts; longer ones get kUnknownCommand.
inline constexpr std::size_t kMaxRequestBytes = 1024;

/// ASCII letters to upper case; every other byte unchanged.
std::string to_upper(std::string_view text);
/// ASCII letters to lower case; every other byte unchanged.
std::string to_lower(std::string_view text);
/// Title case: the first letter of each word upper, the other letters lower. A word starts
/// at the beginning of the text or after an ASCII whitespace byte (" \t\n\v\f\r").
std::string to_camel(std::string_view text);
/// Rotates ASCII letters by 13 places; every other byte unchanged.
std::string rot13(std::string_view text);
/// Swaps the case of ASCII letters; every other byte unchanged.
std::string swap_case(std::string_view text);

/// The reply to one request. A request is `CMD|:|text` where CMD is exactly one of UPPER,
/// LOWER, CAMEL, ROT13, SWAP (case-sensitive) and text is every byte after the first
/// separator (it may be empty and may contain any byte, including NUL and further
/// separators). Anything else, or a request longer than kMaxRequestBytes, gets
/// kUnknownCommand. Never throws for any input.
std::string handle_request(std::string_view request);

}  // namespace lab1
