// net_storage_writer DIR: saves state 1, 2, 3, ... to DIR/node-1.storage with StableFile (as a
// node does: journal appends of each state's writes, and the snapshots they grow into) and
// prints each number on stdout once it is durable. The storage test kills it with SIGKILL at
// arbitrary points and checks the file holds one complete state (writer_state(k) for some k).
#include <cstdio>
#include <exception>
#include <vector>

#include "runtime/net/stable_file.hpp"
#include "runtime/net/testing/writer_state.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  try {
    dslab::net::StableFile file(std::filesystem::path(argv[1]) / "node-1.storage");
    file.load();
    for (std::uint64_t k = 1;; ++k) {
      const auto state = dslab::net::testing::writer_state(k);
      std::vector<dslab::node::StorageWrite> writes;
      for (const auto& [key, value] : state) writes.push_back({key, value});
      file.append(state, writes);
      file.sync();
      std::printf("%llu\n", static_cast<unsigned long long>(k));
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
    return 3;
  }
}
