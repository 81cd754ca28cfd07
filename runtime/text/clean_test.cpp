// clean_text(): valid UTF-8 and no forbidden characters for any bytes, bounded, lines kept whole.
#include "runtime/text/clean.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "runtime/text/clean_property.hpp"

namespace dslab::text {
namespace {

TEST(CleanText, KeepsValidTextAsItIs) {
  EXPECT_EQ(clean_text("row 2 (client value): expected é ✓ 𝄞\n  next\tline"),
            "row 2 (client value): expected é ✓ 𝄞\n  next\tline");
}

TEST(CleanText, ReplacesInvalidUtf8WithOneReplacementPerByte) {
  EXPECT_EQ(clean_text("a\xff" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(clean_text("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");          // overlong '/'
  EXPECT_EQ(clean_text("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(clean_text("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");          // truncated
  EXPECT_EQ(clean_text("\xF4\x90\x80\x80").substr(0, 3), "\xEF\xBF\xBD");  // above U+10FFFF
}

TEST(CleanText, ReplacesControlCharactersAndDropsCarriageReturns) {
  EXPECT_EQ(clean_text(std::string("a\0b", 3)), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(clean_text("\x1b[31mred"), "\xEF\xBF\xBD[31mred");  // no terminal escapes
  EXPECT_EQ(clean_text("one\r\ntwo"), "one\ntwo");
  EXPECT_EQ(clean_text("\xC2\x85"), "\xEF\xBF\xBD");  // C1 NEL
  EXPECT_EQ(clean_text("\xEF\xBF\xBF"), "\xEF\xBF\xBD");  // U+FFFF
}

TEST(CleanText, OneLineModeTurnsBreaksIntoSpaces) {
  EXPECT_EQ(clean_line("FAIL x\nseed=1\tz"), "FAIL x seed=1 z");
}

TEST(CleanText, BoundCountsTheMarkerAndKeepsWholeLines) {
  const std::string first = "row 2 (client value): expected a send to n1 of Prepare(round=1)";
  const std::string text = first + "\n" + std::string(500, 'x') + "\n";
  const std::string out = clean_text(text, {.max_bytes = 200});
  EXPECT_LE(out.size(), 200u);
  EXPECT_EQ(out.rfind(first + "\n [... ", 0), 0u) << out;
  EXPECT_NE(out.find("501 more bytes cut]"), std::string::npos) << out;
}

TEST(CleanText, CutsAFirstLineLongerThanTheBoundBetweenCharacters) {
  std::string line;
  for (int i = 0; i < 100; ++i) line += "é";  // 2 bytes each
  const std::string out = clean_line(line, 101);
  EXPECT_LE(out.size(), 101u);
  EXPECT_TRUE(is_valid_utf8(out));
  EXPECT_NE(out.find("more bytes cut]"), std::string::npos);
}

TEST(CleanText, AHugeSingleLineIsBoundedAndCountedExactly) {
  const std::string huge(120 * 1024, 'A');
  const std::string out = clean_line(huge, 240);
  EXPECT_LE(out.size(), 240u);
  const std::size_t kept = out.find(" [... ");
  ASSERT_NE(kept, std::string::npos);
  EXPECT_NE(out.find(" [... " + std::to_string(huge.size() - kept) + " more bytes cut]"), std::string::npos) << out;
}

TEST(FirstLines, TakesTheFirstLinesWithoutTheFinalBreak) {
  EXPECT_EQ(first_lines("a\nb\nc\n", 2), "a\nb");
  EXPECT_EQ(first_lines("a", 3), "a");
  EXPECT_EQ(first_lines("a\n", 1), "a");
}

// A small deterministic generator of hostile byte strings: random bytes, broken and valid
// multi-byte sequences, controls, long runs.
std::string hostile_input(std::uint64_t& state) {
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state >> 33);
  };
  static const char* const kPieces[] = {"\xff", "\xC0\xAF", "\xED\xA0\x80", "\xE2\x82", "é", "𝄞",
                                        "\n", "\r", "\t", "\x1b", "\x7f", "\xC2\x85", "\xEF\xBF\xBE",
                                        "seed=12345678901234567890123", "]]>", "<&>\"'", "|`*_"};
  std::string s;
  const std::uint32_t pieces = next() % 40;
  for (std::uint32_t k = 0; k < pieces; ++k) {
    switch (next() % 4) {
      case 0: s += static_cast<char>(next() & 0xFF); break;
      case 1: s += std::string(next() % 300, static_cast<char>('a' + next() % 26)); break;
      case 2: s += std::string(1, '\0'); break;
      default: s += kPieces[next() % std::size(kPieces)];
    }
  }
  return s;
}

TEST(CleanText, PropertyHoldsForGeneratedHostileInputs) {
  std::uint64_t state = 20261202;
  for (int i = 0; i < 3000; ++i) {
    const std::string raw = hostile_input(state);
    for (const bool multiline : {true, false}) {
      for (const std::size_t max : {std::size_t{0}, std::size_t{1}, std::size_t{50}, std::size_t{240}}) {
        const std::string why =
            clean_property_violation(raw, {.multiline = multiline, .max_bytes = max});
        ASSERT_EQ(why, "") << "input #" << i << " (" << raw.size() << " bytes), bound " << max;
      }
    }
  }
}

}  // namespace
}  // namespace dslab::text
