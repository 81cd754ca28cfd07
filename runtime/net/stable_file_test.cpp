// Stable storage files: round trips, corruption refused with a clear error, and a writer killed
// with SIGKILL in the middle of writes (many times) always leaves one complete state.
#include "runtime/net/stable_file.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <vector>

#include "runtime/net/local_cluster.hpp"
#include "runtime/net/testing/writer_state.hpp"
#include "runtime/ipc/child.hpp"

namespace dslab::net {
namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("dslab-net-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(StableFile, AbsentFileIsEmptyAndSavedContentsComeBack) {
  const auto dir = fresh_dir("roundtrip");
  StableFile file(dir / "node-1.storage");
  EXPECT_TRUE(file.load().empty());
  file.save(testing::writer_state(5));
  file.save(testing::writer_state(6));
  EXPECT_EQ(StableFile(dir / "node-1.storage").load(), testing::writer_state(6));
  std::filesystem::remove_all(dir);
}

TEST(StableFile, ALeftoverTempFileIsIgnoredAndRemoved) {
  const auto dir = fresh_dir("temp");
  StableFile file(dir / "node-1.storage");
  file.save(testing::writer_state(1));
  std::ofstream(dir / "node-1.storage.tmp") << "half a write";
  EXPECT_EQ(file.load(), testing::writer_state(1));
  EXPECT_FALSE(std::filesystem::exists(dir / "node-1.storage.tmp"));
  std::filesystem::remove_all(dir);
}

TEST(StableFile, ACorruptFileIsRefusedWithTheFileNamed) {
  const auto dir = fresh_dir("corrupt");
  const auto path = dir / "node-1.storage";
  StableFile(path).save(testing::writer_state(3));
  const auto size = std::filesystem::file_size(path);
  for (const auto change : {0, 1, 2}) {
    StableFile(path).save(testing::writer_state(3));
    if (change == 0) std::filesystem::resize_file(path, size - 1);
    if (change == 1) {
      std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(static_cast<std::streamoff>(size / 2));
      f.put('\x5a');
    }
    if (change == 2) std::ofstream(path) << "not a storage file at all, but long enough";
    try {
      StableFile(path).load();
      ADD_FAILURE() << "change " << change << " was not noticed";
    } catch (const StorageError& e) {
      EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("corrupt"), std::string::npos) << e.what();
    }
  }
  std::filesystem::remove_all(dir);
}

TEST(StableFile, JournalRecordsComeBackAndATornLastRecordIsDropped) {
  const auto dir = fresh_dir("journal");
  const auto path = dir / "node-1.storage";
  node::StorageMap state;
  StableFile file(path);
  file.load();
  std::vector<node::StorageMap> states;
  for (int i = 0; i < 5; ++i) {  // a snapshot, then four journal records
    std::vector<node::StorageWrite> writes = {{"k" + std::to_string(i), codec::encode(i)}};
    if (i == 3) writes.push_back({"k0", std::nullopt});
    for (const auto& w : writes) node::apply_write(state, w);
    file.append(state, writes);
    states.push_back(state);
  }
  EXPECT_EQ(StableFile(path).load(), states.back());
  const auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size - 3);  // a crash during the last append
  EXPECT_EQ(StableFile(path).load(), states[3]);
  EXPECT_LT(std::filesystem::file_size(path), size - 3) << "the torn record was not cut off";
  StableFile again(path);
  again.load();
  state = states[3];
  node::apply_write(state, {"k9", codec::encode(9)});
  again.append(state, std::vector<node::StorageWrite>{{"k9", codec::encode(9)}});
  EXPECT_EQ(StableFile(path).load(), state) << "an append after a cut tail was lost";
  std::filesystem::remove_all(dir);
}

std::uint64_t last_line_number(const std::string& text) {
  const auto end = text.rfind('\n');
  if (end == std::string::npos) return 0;
  const auto start = end == 0 ? std::string::npos : text.rfind('\n', end - 1);
  return std::stoull(text.substr(start == std::string::npos ? 0 : start + 1));
}

// Kills the writer once it acknowledged a round-dependent number of states, at whatever point
// of its next write it is; the file must then hold exactly the last acknowledged state or the
// one being written, complete.
TEST(StableFile, AWriterKilledMidWriteLeavesTheLastOrTheNextCompleteState) {
  const auto dir = fresh_dir("kill");
  const int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    const std::uint64_t target = 1 + static_cast<std::uint64_t>((round * 7) % 5);
    ipc::SpawnOptions spawn;
    spawn.argv = {DSLAB_NET_STORAGE_WRITER, dir.string()};
    auto child = ipc::Child::spawn(spawn);
    const bool reached = child->wait_output(
        [&](const ipc::CapturedOutput& out) { return last_line_number(out.kept) >= target; },
        ipc::deadline_in(std::chrono::seconds(30)));
    child->kill();
    child->wait_output_closed(ipc::deadline_in(std::chrono::seconds(10)));
    const std::string output = child->output().kept;
    ASSERT_TRUE(reached) << "round " << round << ": the writer did not get to " << target
                         << "; " << output;
    const std::uint64_t acked = last_line_number(output);
    const auto state = StableFile(dir / "node-1.storage").load();
    const auto k = testing::writer_state_number(state);
    ASSERT_TRUE(k.has_value()) << "round " << round << ": a torn or mixed state after SIGKILL";
    EXPECT_TRUE(*k == acked || *k == acked + 1)
        << "round " << round << ": state " << *k << " but " << acked << " was acknowledged";
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dslab::net
