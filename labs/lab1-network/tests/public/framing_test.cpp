// Lab 1 part 2, public: frame codec vectors (through lab1_framing_tool) and the echo server.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "labs/lab1-network/tests/common/fixtures.hpp"
#include "labs/lab1-network/tests/common/framing_tool.hpp"

namespace lab1::tests {
namespace {

std::string concat(const std::vector<std::string>& payloads) {
  std::string out;
  for (const auto& p : payloads) out += frame(p);
  return out;
}

TEST(FramingCodec, Encode_MatchesVectors) {
  const std::vector<std::pair<std::string, std::string>> vectors{
      {"", "encoded 00000000\n"},
      {"hi", "encoded 000000026869\n"},
      {std::string(300, 'z'), "encoded 0000012c" + hex(std::string(300, 'z')) + "\n"},
      {std::string("\0\xff", 2), "encoded 0000000200ff\n"}};
  for (const auto& [payload, expected] : vectors) {
    const ToolRun run = run_framing_tool(payload, {"encode"});
    EXPECT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(run.output, expected) << "payload of " << payload.size() << " bytes";
  }
}

TEST(FramingCodec, Encode_OversizedPayloadIsAnError) {
  const ToolRun run = run_framing_tool(std::string(65537, 'x'), {"encode"});
  EXPECT_EQ(run.exit_code, 3) << run.describe();
  EXPECT_EQ(run.output.rfind("error: ", 0), 0U) << run.describe();
  EXPECT_NE(run.output.find("too large"), std::string::npos) << run.describe();
  const ToolRun max = run_framing_tool(std::string(65536, 'x'), {"encode"});
  EXPECT_EQ(max.exit_code, 0) << max.describe().substr(0, 200);
}

TEST(FramingCodec, Decode_PartialReadsOfEveryChunkSize) {
  const std::vector<std::string> payloads{"hello", "", "a", std::string(1000, 'q'), "bye"};
  for (const char* chunk : {"1", "2", "3", "4", "5", "7", "1000", "65536"}) {
    const ToolRun run = run_framing_tool(concat(payloads), {"decode", "--chunk", chunk});
    EXPECT_EQ(run.exit_code, 0) << "chunk " << chunk << ": " << run.describe();
    EXPECT_EQ(run.output, expected_frames(payloads)) << "chunk " << chunk;
  }
}

TEST(FramingCodec, Decode_SeveralFramesInOneRead) {
  std::vector<std::string> payloads;
  for (int i = 0; i < 50; ++i) payloads.push_back("frame-" + std::to_string(i));
  const ToolRun run = run_framing_tool(concat(payloads), {"decode"});
  EXPECT_EQ(run.exit_code, 0) << run.describe();
  EXPECT_EQ(run.output, expected_frames(payloads));
}

TEST(FramingCodec, Decode_EmptyStreamAndEmptyFrames) {
  EXPECT_EQ(run_framing_tool("", {"decode"}).output, "end\n");
  const ToolRun run = run_framing_tool(concat({"", "", ""}), {"decode", "--chunk", "1"});
  EXPECT_EQ(run.output, expected_frames({"", "", ""})) << run.describe();
}

TEST(FramingCodec, Decode_OversizedLengthIsAnErrorAfterTheGoodFrames) {
  const std::string input = frame("ok") + std::string("\x00\x01\x00\x01", 4) + "rest";
  const ToolRun run = run_framing_tool(input, {"decode", "--chunk", "3"});
  EXPECT_EQ(run.exit_code, 3) << run.describe();
  EXPECT_EQ(run.output.rfind("frame 2 6f6b\nerror: ", 0), 0U) << run.describe();
  EXPECT_NE(run.output.find("too large"), std::string::npos) << run.describe();
  const ToolRun small = run_framing_tool(frame("abcdef"), {"decode", "--max", "5"});
  EXPECT_EQ(small.exit_code, 3) << small.describe();
}

TEST(FramingCodec, Decode_TruncatedStreamIsAnError) {
  for (const std::string& input : {std::string("\x00\x00", 2), frame("abcdef").substr(0, 7),
                                   frame("ok") + frame("xyz").substr(0, 4)}) {
    const ToolRun run = run_framing_tool(input, {"decode"});
    EXPECT_EQ(run.exit_code, 3) << hex(input) << ": " << run.describe();
    EXPECT_NE(run.output.find("error: "), std::string::npos) << run.describe();
    EXPECT_NE(run.output.find("truncated"), std::string::npos) << run.describe();
  }
}

using EchoServer = TcpServerTest;

TEST_F(EchoServer, EchoesFramesInOrder) {
  start("lab1_echo_server");
  FrameStream client(listener_.address);
  const std::vector<std::string> payloads{"one", "", "three", std::string(70000 / 2, 'x')};
  ASSERT_TRUE(client.send_raw(concat(payloads)));
  for (const std::string& p : payloads) {
    const auto got = client.read_frame(milliseconds(5000));
    ASSERT_TRUE(got.has_value()) << "no echo of a " << p.size() << "-byte frame";
    EXPECT_EQ(*got, p);
  }
}

TEST_F(EchoServer, StalledClientDoesNotBlockAnother) {
  start("lab1_echo_server");
  FrameStream slow(listener_.address);
  FrameStream fast(listener_.address);
  const std::string half = frame("slow payload");
  ASSERT_TRUE(slow.send_raw(half.substr(0, 6)));  // header and two bytes, then nothing
  ASSERT_TRUE(fast.send_raw(frame("fast")));
  const auto fast_echo = fast.read_frame(milliseconds(5000));
  ASSERT_TRUE(fast_echo.has_value()) << "the second client waited for the first";
  EXPECT_EQ(*fast_echo, "fast");
  ASSERT_TRUE(slow.send_raw(half.substr(6)));
  EXPECT_EQ(slow.read_frame(milliseconds(5000)).value_or("<none>"), "slow payload");
}

TEST_F(EchoServer, OversizedFrameDisconnectsOnlyThatClient) {
  start("lab1_echo_server");
  FrameStream bad(listener_.address);
  FrameStream good(listener_.address);
  ASSERT_TRUE(bad.send_raw(std::string("\x7f\xff\xff\xff", 4) + "junk"));
  EXPECT_TRUE(bad.closed_by_peer(milliseconds(5000))) << "the server kept a client that "
                                                          "announced a 2 GiB frame";
  ASSERT_TRUE(good.send_raw(frame("still here")));
  EXPECT_EQ(good.read_frame(milliseconds(5000)).value_or("<none>"), "still here");
}

}  // namespace
}  // namespace lab1::tests
