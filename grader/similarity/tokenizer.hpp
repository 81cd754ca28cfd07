// The C++ tokenizer of the similarity check: source text to a sequence of token kinds in which
// comments, whitespace and #include lines are gone and every identifier and literal is one kind,
// so that renaming, reformatting and re-commenting leave the sequence unchanged.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dslab::similarity {

/// Token kinds: a few fixed classes, then one kind per keyword, then one per operator.
namespace kind {
inline constexpr std::uint16_t kIdentifier = 0;  ///< any name that is not a keyword
inline constexpr std::uint16_t kNumber = 1;      ///< any numeric literal
inline constexpr std::uint16_t kString = 2;      ///< any string literal (raw ones too)
inline constexpr std::uint16_t kChar = 3;        ///< any character literal
inline constexpr std::uint16_t kFirstKeyword = 8;
inline constexpr std::uint16_t kFirstOperator = 256;
}  // namespace kind

/// One token: its kind and where it is, so that matches can be shown.
struct Token {
  std::uint16_t kind = 0;
  std::uint16_t file = 0;  ///< index of the file in its submission (set by the caller)
  std::uint32_t line = 0;  ///< 1-based source line of the token's first character
};

/// Tokenizes C++ source. Comments, whitespace, line continuations and `#include` lines are
/// dropped; identifiers, numbers, strings and characters each become one kind; keywords and
/// operators keep their own kind (`>>` is two `>`, so templates and shifts read alike). Total:
/// any bytes are accepted (an unterminated comment or literal ends at the end of the text, bytes
/// that start no token are skipped), never throws beyond std::bad_alloc. At most `max_tokens`
/// tokens are returned. Thread-safe.
std::vector<Token> tokenize(std::string_view text, std::size_t max_tokens = SIZE_MAX);

/// True when `word` is a C++ keyword (or an alternative token such as `and`). Thread-safe.
bool is_keyword(std::string_view word);

/// The spelling of a kind for messages and tests: "id", "num", "str", "chr", the keyword, the
/// operator; "?" for an unknown kind.
std::string kind_name(std::uint16_t kind);

}  // namespace dslab::similarity
