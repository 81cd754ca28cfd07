// Tests of the ledger file: concurrent writers in real processes lose nothing; a writer killed
// between writing the temporary file and the rename leaves the old file intact.
#include "grader/ledger/store.hpp"

#include "runtime/ipc/child.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>

#include <gtest/gtest.h>

namespace dslab::ledger {
namespace {

using manifest::parse_instant;

const char* const kCourse = R"([course]
name = "DS"
[[labs]]
id = "lab1"
deadline = 2026-03-01T23:59:00Z
)";

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("dslab_ledger_store_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    file_ = dir_ / "ledger.json";
    course_ = manifest::parse_course(kCourse, "course.toml");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static Submission sub(int minute, const std::string& digest) {
    Submission s;
    s.submitted_at = parse_instant("2026-03-01T10:00:00Z") + std::chrono::minutes(minute);
    s.score = 50;
    s.report_digest = digest;
    return s;
  }

  // Waits for a child with a deadline (a pidfd poll); returns its wait status or fails the test.
  static int wait_child(pid_t pid, std::chrono::seconds deadline) {
    int status = 0;
    if (!ipc::wait_process_gone(pid, ipc::Clock::now() + deadline)) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      ADD_FAILURE() << "child " << pid << " did not finish in time";
      return -1;
    }
    ::waitpid(pid, &status, 0);
    return status;
  }

  std::filesystem::path dir_;
  std::filesystem::path file_;
  manifest::Course course_;
};

TEST_F(StoreTest, MissingFileIsAnEmptyLedger) {
  EXPECT_TRUE(LedgerStore(file_).load().students.empty());
}

TEST_F(StoreTest, ConcurrentWriterProcessesLoseNothing) {
  constexpr int kWriters = 4;
  constexpr int kEach = 25;
  std::vector<pid_t> pids;
  for (int w = 0; w < kWriters; ++w) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int code = 0;
      try {
        LedgerStore store(file_);
        for (int i = 0; i < kEach; ++i) {
          store.update(course_, [&](Ledger& l) {
            record_submission(l, course_, "lab1", "s" + std::to_string(i % 3),
                              sub(w * 1000 + i, "w" + std::to_string(w) + "-" + std::to_string(i)));
          });
        }
      } catch (...) {
        code = 1;
      }
      ::_exit(code);
    }
    pids.push_back(pid);
  }
  for (pid_t pid : pids) {
    const int status = wait_child(pid, std::chrono::seconds(120));
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  }
  const Ledger l = LedgerStore(file_).load();
  std::size_t total = 0;
  for (const auto& [id, record] : l.students) total += record.labs.at("lab1").size();
  EXPECT_EQ(total, static_cast<std::size_t>(kWriters * kEach));
  for (int w = 0; w < kWriters; ++w) {
    for (int i = 0; i < kEach; ++i) {
      const auto& subs = l.students.at("s" + std::to_string(i % 3)).labs.at("lab1");
      const std::string digest = "w" + std::to_string(w) + "-" + std::to_string(i);
      EXPECT_TRUE(std::any_of(subs.begin(), subs.end(), [&](const Submission& s) { return s.report_digest == digest; }))
          << digest;
    }
  }
}

TEST_F(StoreTest, WriterKilledBeforeRenameLeavesOldFileIntact) {
  LedgerStore(file_).update(course_, [&](Ledger& l) { record_submission(l, course_, "lab1", "a", sub(0, "old")); });
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    StoreHooks hooks;
    hooks.before_rename = [] { ::raise(SIGKILL); };
    try {
      LedgerStore(file_, hooks).update(course_, [&](Ledger& l) {
        record_submission(l, course_, "lab1", "a", sub(1, "new"));
      });
    } catch (...) {
    }
    ::_exit(3);  // only reached if the hook did not fire
  }
  const int status = wait_child(pid, std::chrono::seconds(30));
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
  // A temporary file with the new content exists; the ledger itself is the old one.
  bool temp_found = false;
  for (const auto& e : std::filesystem::directory_iterator(dir_)) {
    temp_found = temp_found || e.path().filename().string().rfind("ledger.json.tmp.", 0) == 0;
  }
  EXPECT_TRUE(temp_found);
  const Ledger l = LedgerStore(file_).load();
  ASSERT_EQ(l.students.at("a").labs.at("lab1").size(), 1U);
  EXPECT_EQ(l.students.at("a").labs.at("lab1")[0].report_digest, "old");
  // The next writer proceeds (the dead writer's lock died with it) and cleans up.
  LedgerStore(file_).update(course_, [&](Ledger& ledger) { record_submission(ledger, course_, "lab1", "a", sub(2, "next")); });
  EXPECT_EQ(LedgerStore(file_).load().students.at("a").labs.at("lab1").size(), 2U);
  for (const auto& e : std::filesystem::directory_iterator(dir_)) {
    EXPECT_EQ(e.path().filename().string().rfind("ledger.json.tmp.", 0), std::string::npos) << e.path();
  }
}

TEST_F(StoreTest, FailedChangeWritesNothing) {
  LedgerStore store(file_);
  store.update(course_, [&](Ledger& l) { record_submission(l, course_, "lab1", "a", sub(0, "x")); });
  const auto before = std::filesystem::last_write_time(file_);
  EXPECT_THROW(store.update(course_, [&](Ledger& l) { record_submission(l, course_, "nolab", "a", sub(1, "y")); }),
               LedgerError);
  EXPECT_EQ(std::filesystem::last_write_time(file_), before);
  EXPECT_EQ(store.load().students.at("a").labs.at("lab1").size(), 1U);
}

TEST_F(StoreTest, CorruptFileIsAClearErrorNotACrash) {
  std::ofstream(file_) << "{ not json";
  EXPECT_THROW(LedgerStore(file_).load(), LedgerError);
  EXPECT_THROW(LedgerStore(file_).update(course_, [](Ledger&) {}), LedgerError);
  std::ofstream(file_, std::ios::trunc) << "[1, 2]";
  EXPECT_THROW(LedgerStore(file_).load(), LedgerError);
}

}  // namespace
}  // namespace dslab::ledger
