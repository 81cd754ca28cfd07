// runtime/ipc/wait_test.cpp: the adaptive spin budget and the futex sleep/publish handshake.
#include "runtime/ipc/wait.hpp"

#include <gtest/gtest.h>

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
