// runtime/ipc/wait.hpp: futex wrappers and the spin-then-sleep wait both channel sides use.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace dslab::ipc::wait {

/// One pause/yield instruction: tells the core we are spinning (saves power, frees the sibling
/// hyperthread, avoids a memory-order mis-speculation penalty when the spin ends).
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#endif
}

/// The spin budget of one waiting side, adapted to whether spinning pays: a wait that ended
/// while spinning adds an eighth of the maximum to the budget, a wait that had to sleep halves
/// it (down to a 2 µs floor: additive increase, multiplicative decrease), and every 32nd wait spins the full maximum to find out whether
/// things got better. On an idle machine the peer answers within about a microsecond and the
/// budget stays at the maximum. On an oversubscribed one the peer is often not running (or
/// waits for the very core we spin on), and spinning only delays it: the budget shrinks.
/// Not thread-safe.
class AdaptiveSpin {
 public:
  explicit AdaptiveSpin(std::chrono::nanoseconds max) : max_(max), budget_(max) {}

  /// The budget for the next wait.
  std::chrono::nanoseconds next_budget() { return ++waits_ % kProbeEvery == 0 ? max_ : budget_; }
  /// The current (non-probing) budget.
  std::chrono::nanoseconds budget() const { return budget_; }
  /// Records whether the last wait ended during its spin.
  void record(bool satisfied_by_spin) {
    budget_ = satisfied_by_spin ? std::min(max_, budget_ + max_ / 8) : std::max(floor(), budget_ / 2);
  }

 private:
  static constexpr unsigned kProbeEvery = 32;
  std::chrono::nanoseconds floor() const {
    return std::min(max_, std::chrono::nanoseconds(std::chrono::microseconds(2)));
  }
  std::chrono::nanoseconds max_;
  std::chrono::nanoseconds budget_;
  unsigned waits_ = 0;
};

/// Spins while `word == old`, for at most `budget`. Returns the last value read (== old if the
/// budget ran out). Loads are acquire.
std::uint32_t spin_while_equal(const std::atomic<std::uint32_t>& word, std::uint32_t old,
                               std::chrono::nanoseconds budget);

/// Sleeps once while `word == old`: raises `sleeping`, re-reads `word`, and FUTEX_WAITs for at
/// most `timeout` (shared, not private: the word lives in memory mapped by two processes).
/// Returns the value of `word` after waking (may still equal old: timeouts, spurious wakes).
/// The writer must store `word` then read `sleeping` (both seq_cst): see notify().
std::uint32_t sleep_while_equal(const std::atomic<std::uint32_t>& word, std::uint32_t old,
                                std::atomic<std::uint32_t>& sleeping,
                                std::chrono::nanoseconds timeout);

/// Publishes `value` in `word` and wakes the other side only if it announced it sleeps, so
/// that a handoff between two spinning sides costs no system call.
void publish(std::atomic<std::uint32_t>& word, std::uint32_t value,
             const std::atomic<std::uint32_t>& sleeping);

/// FUTEX_WAKE on `word` (shared futex). Returns the number of waiters woken, or -1.
int futex_wake(const std::atomic<std::uint32_t>& word, int count);

}  // namespace dslab::ipc::wait
