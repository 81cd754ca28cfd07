// The C++ tokenizer of the similarity check (see tokenizer.hpp): a hand-written scanner, no
// regular expressions, total on any bytes.
#include "grader/similarity/tokenizer.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>

namespace dslab::similarity {
namespace {

// clang-format off
constexpr std::string_view kKeywords[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
    "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "co_await", "co_return",
    "co_yield", "compl", "concept", "const", "consteval", "constexpr", "constinit", "const_cast",
    "continue", "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum",
    "explicit", "export", "extern", "false", "final", "float", "for", "friend", "goto", "if",
    "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
    "nullptr", "operator", "or", "or_eq", "override", "private", "protected", "public",
    "register", "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
    "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
    "throw", "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using",
    "virtual", "void", "volatile", "wchar_t", "while"};

// Longest first, so the first operator that matches is the longest one.
constexpr std::string_view kOperators[] = {
    "<=>", "...", "->*", "<<=", "::", "->", ".*", "++", "--", "<<", "<=", ">=", "==", "!=", "&&",
    "||", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "##", "{", "}", "[", "]", "(", ")",
    "<", ">", ";", ":", ",", ".", "?", "~", "!", "+", "-", "*", "/", "%", "^", "&", "|", "=",
    "#", "@", "$"};
// clang-format on

bool is_ident_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(unsigned char c) { return is_ident_start(c) || is_digit(c); }

// The scanner's position in the text. Not thread-safe (one per call of tokenize()).
class Scanner {
 public:
  Scanner(std::string_view text, std::size_t max_tokens) : s_(text), max_(max_tokens) {}

  std::vector<Token> run() {
    while (i_ < s_.size() && out_.size() < max_) step();
    return std::move(out_);
  }

 private:
  unsigned char at(std::size_t j) const {
    return j < s_.size() ? static_cast<unsigned char>(s_[j]) : 0;
  }
  void emit(std::uint16_t k, std::uint32_t line) {
    out_.push_back({.kind = k, .file = 0, .line = line});
  }

  // Advances to `end`, counting the line breaks passed.
  void skip_to(std::size_t end) {
    end = std::min(end, s_.size());
    line_ +=
        static_cast<std::uint32_t>(std::count(s_.begin() + static_cast<std::ptrdiff_t>(i_),
                                              s_.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
    i_ = end;
  }

  void step() {
    const unsigned char c = at(i_);
    if (c == '\n') {
      ++line_;
      ++i_;
      at_line_start_ = true;
      return;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == '\\' || c < 0x20 ||
        c == 0x7f || c == '`') {
      ++i_;  // whitespace, a line continuation, or a byte that starts no token
      return;
    }
    const bool line_start = at_line_start_;
    at_line_start_ = false;
    if (c == '/' && at(i_ + 1) == '/') return line_comment();
    if (c == '/' && at(i_ + 1) == '*') return block_comment();
    if (c == '#' && line_start && is_include()) return line_comment();
    if (c == '"' || c == '\'') return quoted(c == '"' ? kind::kString : kind::kChar);
    if (is_digit(c) || (c == '.' && is_digit(at(i_ + 1)))) return number();
    if (is_ident_start(c)) return word();
    op();
  }

  // Skips to the end of the line (a comment or an #include line; '\' continues it).
  void line_comment() {
    std::size_t j = i_;
    while (j < s_.size() && !(s_[j] == '\n' && (j == 0 || s_[j - 1] != '\\'))) ++j;
    skip_to(j);
  }

  void block_comment() {
    const std::size_t end = s_.find("*/", i_ + 2);
    skip_to(end == std::string_view::npos ? s_.size() : end + 2);
  }

  // After '#' at the start of a line: is this an #include (or #import) directive?
  bool is_include() const {
    std::size_t j = i_ + 1;
    while (at(j) == ' ' || at(j) == '\t') ++j;
    const std::string_view rest = s_.substr(std::min(j, s_.size()));
    return rest.starts_with("include") || rest.starts_with("import");
  }

  // A string or character literal whose opening quote is at i_ (ends at its quote or line end).
  void quoted(std::uint16_t k) {
    const std::uint32_t line = line_;
    const char q = s_[i_];
    std::size_t j = i_ + 1;
    while (j < s_.size() && s_[j] != q && s_[j] != '\n') j += s_[j] == '\\' ? 2 : 1;
    emit(k, line);
    skip_to(j + 1);
  }

  // R"delim( ... )delim" with i_ on the quote; false if the delimiter is not a valid one.
  bool raw_string() {
    const std::size_t open = s_.find('(', i_ + 1);
    if (open == std::string_view::npos || open - i_ - 1 > 16) return false;
    const std::string_view delim = s_.substr(i_ + 1, open - i_ - 1);
    for (char d : delim) {
      if (d == ' ' || d == ')' || d == '\\' || d == '\t' || d == '\n' || d == '"') return false;
    }
    const std::string close = ")" + std::string(delim) + "\"";
    const std::size_t end = s_.find(close, open + 1);
    emit(kind::kString, line_);
    skip_to(end == std::string_view::npos ? s_.size() : end + close.size());
    return true;
  }

  void number() {
    std::size_t j = i_;
    while (j < s_.size()) {
      const unsigned char c = at(j);
      if ((c == '+' || c == '-') && j > i_ &&
          std::string_view("eEpP").find(s_[j - 1]) != std::string_view::npos) {
        ++j;
      } else if (is_ident_char(c) || c == '.' || (c == '\'' && is_ident_char(at(j + 1)))) {
        ++j;
      } else {
        break;
      }
    }
    emit(kind::kNumber, line_);
    i_ = j;
  }

  void word() {
    std::size_t j = i_;
    while (j < s_.size() && is_ident_char(at(j))) ++j;
    const std::string_view w = s_.substr(i_, j - i_);
    const bool prefix = w == "u8" || w == "u" || w == "U" || w == "L";
    const bool raw_prefix = w == "R" || w == "u8R" || w == "uR" || w == "UR" || w == "LR";
    if ((prefix || raw_prefix) && (at(j) == '"' || (prefix && at(j) == '\''))) {
      i_ = j;
      if (raw_prefix && raw_string()) return;
      return quoted(at(j) == '"' ? kind::kString : kind::kChar);
    }
    const auto it = std::find(std::begin(kKeywords), std::end(kKeywords), w);
    emit(it == std::end(kKeywords)
             ? kind::kIdentifier
             : static_cast<std::uint16_t>(kind::kFirstKeyword + (it - std::begin(kKeywords))),
         line_);
    i_ = j;
  }

  void op() {
    const std::string_view rest = s_.substr(i_);
    for (std::size_t n = 0; n < std::size(kOperators); ++n) {
      if (rest.starts_with(kOperators[n])) {
        emit(static_cast<std::uint16_t>(kind::kFirstOperator + n), line_);
        i_ += kOperators[n].size();
        return;
      }
    }
    ++i_;  // a byte no operator starts with
  }

  std::string_view s_;
  std::size_t max_;
  std::size_t i_ = 0;
  std::uint32_t line_ = 1;
  bool at_line_start_ = true;
  std::vector<Token> out_;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text, std::size_t max_tokens) {
  return Scanner(text, max_tokens).run();
}

bool is_keyword(std::string_view word) {
  return std::find(std::begin(kKeywords), std::end(kKeywords), word) != std::end(kKeywords);
}

std::string kind_name(std::uint16_t k) {
  if (k == kind::kIdentifier) return "id";
  if (k == kind::kNumber) return "num";
  if (k == kind::kString) return "str";
  if (k == kind::kChar) return "chr";
  if (k >= kind::kFirstKeyword && k < kind::kFirstKeyword + std::size(kKeywords)) {
    return std::string(kKeywords[k - kind::kFirstKeyword]);
  }
  if (k >= kind::kFirstOperator && k < kind::kFirstOperator + std::size(kOperators)) {
    return std::string(kOperators[k - kind::kFirstOperator]);
  }
  return "?";
}

}  // namespace dslab::similarity
