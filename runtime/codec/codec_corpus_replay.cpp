// Replays every file of the codec fuzz corpus through the decoder (the fuzzer's check without
// libFuzzer), so every build re-checks the inputs the fuzzer once found interesting.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "runtime/codec/codec_test_types.hpp"
#include "runtime/codec/wire.hpp"

int main(int argc, char** argv) {
  using namespace dslab::codec;
  if (argc != 2) {
    std::cerr << "usage: codec_corpus_replay CORPUS_DIR\n";
    return 2;
  }
  int files = 0, decoded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    std::ifstream f(entry.path(), std::ios::binary);
    const std::string raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    Bytes in(raw.size());
    std::transform(raw.begin(), raw.end(), in.begin(), [](char c) { return std::byte(c); });
    ++files;
    try {
      const auto m = decode<testtypes::Message>(in);
      if (encode(m) != in) {
        std::cerr << entry.path() << ": decoded but re-encodes differently\n";
        return 1;
      }
      ++decoded;
    } catch (const DecodeError&) {
    }
  }
  std::cout << files << " corpus files replayed, " << decoded << " decoded, none crashed\n";
  return files > 0 ? 0 : 1;
}
