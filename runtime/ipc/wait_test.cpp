// runtime/ipc/wait_test.cpp: the adaptive spin budget and the futex sleep/publish handshake.
#include "runtime/ipc/wait.hpp"

#include <gtest/gtest.h>
#include <sched.h>

#include <chrono>
#include <thread>

namespace dslab::ipc::wait {
namespace {

using namespace std::chrono_literals;

TEST(AdaptiveSpin, HalvesWhenAWaitHadToSleepAndGrowsSlowlyWhenTheSpinCaughtIt) {
  AdaptiveSpin spin(32us);
  EXPECT_EQ(spin.budget(), 32us);
  spin.record(false);
  EXPECT_EQ(spin.budget(), 16us);
  for (int i = 0; i < 10; ++i) spin.record(false);
  EXPECT_EQ(spin.budget(), 2us);  // the floor
  spin.record(true);
  EXPECT_EQ(spin.budget(), 6us);  // + max/8
  for (int i = 0; i < 10; ++i) spin.record(true);
  EXPECT_EQ(spin.budget(), 32us);  // capped at the maximum
}

TEST(AdaptiveSpin, EveryThirtySecondWaitProbesWithTheFullBudget) {
  AdaptiveSpin spin(32us);
  for (int i = 0; i < 10; ++i) spin.record(false);
  int full = 0;
  for (int i = 0; i < 64; ++i) full += spin.next_budget() == 32us ? 1 : 0;
  EXPECT_EQ(full, 2);
}

TEST(AdaptiveSpin, ZeroMaximumNeverSpins) {
  AdaptiveSpin spin(0ns);
  spin.record(false);
  EXPECT_EQ(spin.next_budget(), 0ns);
  spin.record(true);
  EXPECT_EQ(spin.next_budget(), 0ns);
}

TEST(Wait, SpinReturnsAtOnceWhenTheWordAlreadyDiffers) {
  std::atomic<std::uint32_t> word{5};
  EXPECT_EQ(spin_while_equal(word, 4, 1h), 5U);
}

TEST(Wait, SpinGivesUpAfterItsBudget) {
  std::atomic<std::uint32_t> word{4};
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(spin_while_equal(word, 4, 200us), 4U);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 200us);
}

TEST(Wait, PublishCallsTheFutexOnlyForARaisedSleepingFlag) {
  std::atomic<std::uint32_t> word{0};
  std::atomic<std::uint32_t> sleeping{0};
  EXPECT_FALSE(publish(word, 1, sleeping));
  EXPECT_EQ(word.load(), 1U);
  sleeping.store(1);
  EXPECT_TRUE(publish(word, 2, sleeping));
  EXPECT_EQ(word.load(), 2U);
}

TEST(Wait, SpinGivesWayAtOnceWhenThePeerSaysItIsOnOurCpu) {
  cpu_set_t all;
  ASSERT_EQ(sched_getaffinity(0, sizeof all, &all), 0);
  cpu_set_t one;
  CPU_ZERO(&one);
  const int cpu = sched_getcpu();
  CPU_SET(cpu, &one);
  if (sched_setaffinity(0, sizeof one, &one) != 0) GTEST_SKIP() << "cannot pin to one CPU";
  std::atomic<std::uint32_t> word{4};
  std::atomic<std::uint32_t> own{0xFFFFFFFF};
  const std::atomic<std::uint32_t> peer{static_cast<std::uint32_t>(cpu)};
  SpinEnd end{};
  // Without the hint this spin would last an hour.
  EXPECT_EQ(spin_while_equal(word, 4, 1h, CpuHints{&own, &peer}, &end), 4U);
  sched_setaffinity(0, sizeof all, &all);
  EXPECT_EQ(end, SpinEnd::kPeerHere);
  EXPECT_EQ(own.load(), static_cast<std::uint32_t>(cpu));
}

TEST(Wait, SpinRecordsItsCpuAndRunsItsBudgetWhenThePeerIsElsewhere) {
  std::atomic<std::uint32_t> word{4};
  std::atomic<std::uint32_t> own{0xFFFFFFFF};
  const std::atomic<std::uint32_t> peer{0xFFFFFFFF};  // no CPU has this number
  SpinEnd end{};
  EXPECT_EQ(spin_while_equal(word, 4, 100us, CpuHints{&own, &peer}, &end), 4U);
  EXPECT_EQ(end, SpinEnd::kBudget);
  EXPECT_NE(own.load(), 0xFFFFFFFFU);
}

TEST(Wait, NoSpinAndNoVerdictOnTheBudgetWhenThePeerHadToBeWoken) {
  AdaptiveSpin spin(32us);
  spin.record(false);  // 16 us
  std::atomic<std::uint32_t> word{4};
  std::atomic<std::uint32_t> own{0xFFFFFFFF};
  const std::atomic<std::uint32_t> peer{0xFFFFFFFF};
  // Returns without spinning and leaves the budget alone (40 waits include a probe).
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(wait_without_sleeping(word, 4, spin, true, CpuHints{&own, &peer}), 4U);
  }
  EXPECT_EQ(spin.budget(), 16us);
  EXPECT_NE(own.load(), 0xFFFFFFFFU);
}

TEST(Wait, PublishWakesASleeperBeforeItsTimeout) {
  std::atomic<std::uint32_t> word{0};
  std::atomic<std::uint32_t> sleeping{0};
  std::uint32_t seen = 0;
  std::chrono::steady_clock::duration slept{};
  std::thread sleeper([&] {
    const auto started = std::chrono::steady_clock::now();
    while (seen == 0 && std::chrono::steady_clock::now() - started < 30s) {
      seen = sleep_while_equal(word, 0, sleeping, 30s);
    }
    slept = std::chrono::steady_clock::now() - started;
  });
  // Publish only once the sleeper announced itself, so the wake path is what is tested.
  while (sleeping.load() == 0) std::this_thread::yield();
  publish(word, 1, sleeping);
  sleeper.join();
  EXPECT_EQ(seen, 1U);
  EXPECT_LT(slept, 10s);  // woken, not timed out
}

TEST(Wait, SleepReturnsAfterItsTimeoutWhenNothingHappens) {
  std::atomic<std::uint32_t> word{0};
  std::atomic<std::uint32_t> sleeping{0};
  EXPECT_EQ(sleep_while_equal(word, 0, sleeping, 2ms), 0U);
  EXPECT_EQ(sleeping.load(), 0U);  // lowered again on the way out
}

}  // namespace
}  // namespace dslab::ipc::wait
