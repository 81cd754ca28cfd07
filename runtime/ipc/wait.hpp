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

/// The CPU the calling thread runs on (sched_getcpu through the vDSO/rseq: a few ns), or
/// 0xFFFFFFFF if the kernel cannot say.
std::uint32_t current_cpu();

/// Where the two sides of a channel say which CPU they run on. Hints only: the peer may lie
/// or be stale, and the worst a wrong hint does is cost a spin or a sleep.
struct CpuHints {
  std::atomic<std::uint32_t>* own = nullptr;          ///< we keep it current while we spin
  const std::atomic<std::uint32_t>* peer = nullptr;  ///< the peer's last word on its CPU
};

/// Why spin_while_equal returned.
enum class SpinEnd {
  kChanged,     ///< the word changed
  kBudget,      ///< the budget ran out
  kPeerHere,    ///< the peer said it is on our CPU: it cannot run while we spin
};

/// Spins while `word == old`, for at most `budget`. Returns the last value read (== old if the
/// spin gave up). Loads are acquire. With `hints`, the spin also keeps `hints.own` current and
/// gives up as soon as `hints.peer` names our own CPU (the peer is queued behind us); `end`,
/// if given, says why the spin stopped.
std::uint32_t spin_while_equal(const std::atomic<std::uint32_t>& word, std::uint32_t old,
                               std::chrono::nanoseconds budget, CpuHints hints = {},
                               SpinEnd* end = nullptr);

/// The sleepless first part of a wait, the same on both sides of a channel:
///  - if publishing our message had to wake the peer (`peer_woken`), it is off-CPU for at
///    least a scheduler wake-up: no spin at all;
///  - else spin for `spin`'s budget, and give up at once if the peer says it runs on our CPU;
///  - if the peer is on our CPU, sched_yield() once so that it runs now rather than after
///    our sleep (measured: a yield in every case costs a whole slice under load, this one pays);
/// then the caller sleeps on the futex. Records in `spin` whether the spin caught the change
/// (a spin cut short by the hint is not evidence either way). Returns the word's value.
std::uint32_t wait_without_sleeping(const std::atomic<std::uint32_t>& word, std::uint32_t old,
                                    AdaptiveSpin& spin, bool peer_woken, CpuHints hints);

/// Sleeps once while `word == old`: raises `sleeping`, re-reads `word`, and FUTEX_WAITs for at
/// most `timeout` (shared, not private: the word lives in memory mapped by two processes).
/// Returns the value of `word` after waking (may still equal old: timeouts, spurious wakes).
/// The writer must store `word` then read `sleeping` (both seq_cst): see notify().
std::uint32_t sleep_while_equal(const std::atomic<std::uint32_t>& word, std::uint32_t old,
                                std::atomic<std::uint32_t>& sleeping,
                                std::chrono::nanoseconds timeout);

/// Publishes `value` in `word` and wakes the other side only if it announced it sleeps, so
/// that a handoff between two spinning sides costs no system call. Returns true if it had to
/// wake the other side (which is then off-CPU for at least a scheduler wake-up).
bool publish(std::atomic<std::uint32_t>& word, std::uint32_t value,
             const std::atomic<std::uint32_t>& sleeping);

/// FUTEX_WAKE on `word` (shared futex). Returns the number of waiters woken, or -1.
int futex_wake(const std::atomic<std::uint32_t>& word, int count);

}  // namespace dslab::ipc::wait
