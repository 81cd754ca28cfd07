// lab1_framing_tool: trusted harness of part 2's codec. Feeds bytes to the student's
// FrameDecoder in chunks of a chosen size, or encodes one payload, and prints the results.
//
//   decode: input = a byte stream. Prints "frame <len> <hex>" per frame, then "end", or
//           "error: <message>" (exit 3) if the decoder throws FrameError.
//   encode: input = one payload. Prints "encoded <hex>", or "error: <message>" (exit 3).
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>

#include "framing.hpp"
#include "labs/lab1-network/programs/options.hpp"
#include "labs/lab1-network/programs/support.hpp"

namespace {

std::string read_all(int fd) {
  std::string data;
  char buf[65536];
  for (;;) {
    const ssize_t got = read(fd, buf, sizeof buf);
    if (got == 0) return data;
    if (got < 0) throw std::runtime_error("cannot read the input fd");
    data.append(buf, static_cast<std::size_t>(got));
  }
}

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += kDigits[b >> 4];
    out += kDigits[b & 15U];
  }
  return out;
}

int decode(const std::string& input, std::size_t chunk, std::size_t max) {
  lab1::FrameDecoder decoder(max);
  try {
    for (std::size_t pos = 0; pos < input.size(); pos += chunk) {
      for (const std::string& frame : decoder.feed(std::string_view(input).substr(pos, chunk))) {
        std::printf("frame %zu %s\n", frame.size(), hex(frame).c_str());
      }
    }
    decoder.finish();
  } catch (const lab1::FrameError& e) {
    std::printf("error: %s\n", e.what());
    return 3;
  }
  std::printf("end\n");
  return 0;
}

int encode(const std::string& input, std::size_t max) {
  try {
    std::printf("encoded %s\n", hex(lab1::encode_frame(input, max)).c_str());
  } catch (const lab1::FrameError& e) {
    std::printf("error: %s\n", e.what());
    return 3;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return lab1::programs::run_main("lab1_framing_tool", [&] {
    const auto args = lab1::programs::parse_args(
        "lab1_framing_tool", "Lab 1 part 2: frame codec harness (MODE: decode or encode)",
        {{.name = "input-fd",
          .help = "read the input from this fd (0: stdin)",
          .default_value = "0"},
         {.name = "chunk", .help = "decode: bytes per feed() call", .default_value = "65536"},
         {.name = "max",
          .help = "largest payload",
          .default_value = std::to_string(lab1::kMaxPayload)}},
        argc, argv, "MODE");
    if (!args) return 0;
    if (args->positional().size() != 1)
      throw std::invalid_argument("give one MODE: decode or encode");
    const std::string& mode = args->positional().front();
    const auto chunk = static_cast<std::size_t>(args->get_int("chunk", 1, 1LL << 30));
    const auto max = static_cast<std::size_t>(args->get_int("max", 0, 1LL << 40));
    if (mode != "decode" && mode != "encode")
      throw std::invalid_argument("mode must be decode or encode");
    const std::string input = read_all(static_cast<int>(args->get_int("input-fd", 0, 65535)));
    const int code = mode == "decode" ? decode(input, chunk, max) : encode(input, max);
    std::fflush(stdout);
    return code;
  });
}
