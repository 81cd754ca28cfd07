// lab1_framing_tool: trusted harness of part 2's codec. Feeds bytes to the student's
// FrameDecoder in chunks of a chosen size, or encodes one payload, and prints the results.
//
//   decode: input = a byte stream. Prints "frame <len> <hex>" per frame, then "end", or
//           "error: <message>" (exit 3) if the decoder throws FrameError.
//   encode: input = one payload. Prints "encoded <hex>", or "error: <message>" (exit 3).
#include <unistd.h>

#include <cstdio>
#include <cxxopts.hpp>
#include <string>

#include "framing.hpp"
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
    cxxopts::Options options("lab1_framing_tool", "Lab 1 part 2: frame codec harness");
    options.add_options()("mode", "decode or encode", cxxopts::value<std::string>())(
        "input-fd", "read the input from this fd (default: stdin)",
        cxxopts::value<int>()->default_value("0"))(
        "chunk", "decode: bytes per feed() call", cxxopts::value<std::size_t>()->default_value("65536"))(
        "max", "largest payload", cxxopts::value<std::size_t>()->default_value(std::to_string(lab1::kMaxPayload)))(
        "h,help", "help");
    options.parse_positional({"mode"});
    const auto args = options.parse(argc, argv);
    if (args.count("help") != 0U) {
      std::puts(options.help().c_str());
      return 0;
    }
    const std::string mode = args.count("mode") != 0U ? args["mode"].as<std::string>() : "";
    const auto chunk = args["chunk"].as<std::size_t>();
    if (chunk == 0) throw std::invalid_argument("--chunk must be at least 1");
    const std::string input = read_all(args["input-fd"].as<int>());
    int code = 0;
    if (mode == "decode") {
      code = decode(input, chunk, args["max"].as<std::size_t>());
    } else if (mode == "encode") {
      code = encode(input, args["max"].as<std::size_t>());
    } else {
      throw std::invalid_argument("mode must be decode or encode");
    }
    std::fflush(stdout);
    return code;
  });
}
