// Replays every file of the history-reader fuzz corpus through the fuzz property (the
// fuzzer's check without libFuzzer), so every build re-checks the inputs the fuzzer once found
// interesting.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "runtime/lincheck/fuzz_target.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: lincheck_corpus_replay CORPUS_DIR\n";
    return 2;
  }
  int files = 0, accepted = 0;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    std::ifstream f(entry.path(), std::ios::binary);
    const std::string raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    ++files;
    accepted += dslab::lincheck::check_history_bytes(raw) > 0 ? 1 : 0;
  }
  std::cout << files << " corpus files replayed, " << accepted
            << " accepted by at least one reader, none crashed\n";
  return files > 0 ? 0 : 1;
}
