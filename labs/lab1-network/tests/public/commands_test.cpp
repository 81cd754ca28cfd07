// Lab 1 part 1, public: table-driven vectors for every command and the malformed-input rules.
#include <gtest/gtest.h>

#include <string>

#include "labs/lab1-network/tests/common/fixtures.hpp"

namespace lab1::tests {
namespace {

using UdpCommands = UdpServerTest;
const std::string kUnknown = "Unknown command";

TEST_F(UdpCommands, Upper_ConvertsAsciiLettersOnly) {
  expect_vectors({{"UPPER|:|hello", "HELLO"},
                  {"UPPER|:|Hello, World! 123", "HELLO, WORLD! 123"},
                  {"UPPER|:|already UP", "ALREADY UP"},
                  {"UPPER|:|caf\xc3\xa9", "CAF\xc3\xa9"}});
}

TEST_F(UdpCommands, Lower_ConvertsAsciiLettersOnly) {
  expect_vectors({{"LOWER|:|HELLO", "hello"},
                  {"LOWER|:|MiXeD 42 CaSe", "mixed 42 case"},
                  {"LOWER|:|\xc3\x89T\xc3\x89", "\xc3\x89t\xc3\x89"}});
}

TEST_F(UdpCommands, Camel_TitleCasesEveryWord) {
  expect_vectors({{"CAMEL|:|hello world", "Hello World"},
                  {"CAMEL|:|hELLO wORLD", "Hello World"},
                  {"CAMEL|:|  two  spaces", "  Two  Spaces"},
                  {"CAMEL|:|tab\tand\nnewline", "Tab\tAnd\nNewline"},
                  {"CAMEL|:|it's 3am-ish", "It's 3am-ish"},
                  {"CAMEL|:|x", "X"}});
}

TEST_F(UdpCommands, Rot13_RotatesLettersAndIsItsOwnInverse) {
  expect_vectors({{"ROT13|:|Hello, World!", "Uryyb, Jbeyq!"},
                  {"ROT13|:|abcdefghijklmnopqrstuvwxyz", "nopqrstuvwxyzabcdefghijklm"},
                  {"ROT13|:|NOPQRSTUVWXYZABCDEFGHIJKLM", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
                  {"ROT13|:|Uryyb 123", "Hello 123"}});
}

TEST_F(UdpCommands, Swap_InvertsCase) {
  expect_vectors({{"SWAP|:|Hello World", "hELLO wORLD"},
                  {"SWAP|:|abcXYZ 09 !?", "ABCxyz 09 !?"}});
}

TEST_F(UdpCommands, EdgeCases_EmptyTextAndSeparatorInsideText) {
  expect_vectors({{"UPPER|:|", ""},
                  {"UPPER|:|a|:|b", "A|:|B"},
                  {"LOWER|:||:|", "|:|"},
                  {std::string("UPPER|:|a\0b", 11), std::string("A\0B", 3)}});
}

TEST_F(UdpCommands, Malformed_GetsUnknownCommand) {
  expect_vectors({{"upper|:|hello", kUnknown},
                  {"REVERSE|:|hello", kUnknown},
                  {"UPPER hello", kUnknown},
                  {"UPPER|hello", kUnknown},
                  {"UPPER:|hello", kUnknown},
                  {"|:|hello", kUnknown},
                  {" UPPER|:|hello", kUnknown},
                  {"UPPER |:|hello", kUnknown},
                  {"UPPERX|:|hello", kUnknown},
                  {"UPPER", kUnknown}});
}

TEST_F(UdpCommands, BadDatagrams_ServerKeepsServing) {
  expect_vectors({{"", kUnknown},
                  {std::string("\xff\xfe\x00\x01", 4), kUnknown},
                  {"UPPER|:|" + std::string(2000, 'a'), kUnknown},
                  {"UPPER|:|still alive", "STILL ALIVE"}});
}

TEST_F(UdpCommands, SizeLimit_1024BytesAcceptedLongerRejected) {
  const std::string ok = "UPPER|:|" + std::string(1024 - 8, 'b');
  const std::string too_long = ok + "b";
  expect_vectors({{ok, std::string(1024 - 8, 'B')}, {too_long, kUnknown}});
}

}  // namespace
}  // namespace lab1::tests
