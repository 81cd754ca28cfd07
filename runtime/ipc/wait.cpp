// runtime/ipc/wait.cpp: futex system calls and the spin/sleep loops of the channel.
#include "runtime/ipc/wait.hpp"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <sched.h>
#include <unistd.h>

#include <ctime>

namespace dslab::ipc::wait {
namespace {

std::uint32_t* futex_address(const std::atomic<std::uint32_t>& word) {
  // The futex syscall wants the address of the 32-bit word; std::atomic<uint32_t> is exactly
  // that word (checked in layout.hpp).
  return const_cast<std::uint32_t*>(reinterpret_cast<const std::uint32_t*>(&word));
}

void futex_wait(const std::atomic<std::uint32_t>& word, std::uint32_t old,
                std::chrono::nanoseconds timeout) {
  if (timeout <= std::chrono::nanoseconds::zero()) return;
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(secs.count());
  ts.tv_nsec = static_cast<long>((timeout - secs).count());
  // EAGAIN (value changed), EINTR and ETIMEDOUT all mean "look again"; the callers loop.
  syscall(SYS_futex, futex_address(word), FUTEX_WAIT, old, &ts, nullptr, 0);
}

}  // namespace

std::uint32_t current_cpu() {
  const int cpu = sched_getcpu();
  return cpu < 0 ? 0xFFFFFFFFU : static_cast<std::uint32_t>(cpu);
}

namespace {

/// Records our CPU in the hint and says whether the peer claims the same one.
bool peer_on_our_cpu(const CpuHints& hints) {
  if (hints.own == nullptr) return false;
  const std::uint32_t cpu = current_cpu();
  hints.own->store(cpu, std::memory_order_relaxed);
  return hints.peer != nullptr && hints.peer->load(std::memory_order_relaxed) == cpu;
}

}  // namespace

std::uint32_t spin_while_equal(const std::atomic<std::uint32_t>& word, std::uint32_t old,
                               std::chrono::nanoseconds budget, CpuHints hints, SpinEnd* end) {
  SpinEnd ignored{};
  SpinEnd& why = end != nullptr ? *end : ignored;
  why = SpinEnd::kChanged;
  std::uint32_t value = word.load(std::memory_order_acquire);
  if (value != old) return value;
  why = SpinEnd::kBudget;
  if (budget <= std::chrono::nanoseconds::zero()) return value;
  const auto start = std::chrono::steady_clock::now();
  const auto until = start + budget;
  for (auto now = start; now < until; now = std::chrono::steady_clock::now()) {
    // Spinning while the peer waits for our very CPU only keeps it from running.
    if (peer_on_our_cpu(hints)) {
      why = SpinEnd::kPeerHere;
      return word.load(std::memory_order_acquire);
    }
    // Reading the clock and the CPU costs ~20-40 ns (vDSO); checking them every 32 pauses
    // keeps the spin cheap while bounding the overshoot to well under a microsecond.
    for (int i = 0; i < 32; ++i) {
      cpu_relax();
      value = word.load(std::memory_order_acquire);
      if (value != old) {
        why = SpinEnd::kChanged;
        return value;
      }
    }
  }
  value = word.load(std::memory_order_acquire);
  if (value != old) why = SpinEnd::kChanged;
  return value;
}

std::uint32_t wait_without_sleeping(const std::atomic<std::uint32_t>& word, std::uint32_t old,
                                    AdaptiveSpin& spin, bool peer_woken, CpuHints hints) {
  if (peer_woken) {
    // Still publish where we are: the peer's spin reads it when it comes back.
    if (hints.own != nullptr) hints.own->store(current_cpu(), std::memory_order_relaxed);
    return word.load(std::memory_order_acquire);
  }
  SpinEnd end{};
  std::uint32_t value = spin_while_equal(word, old, spin.next_budget(), hints, &end);
  if (end == SpinEnd::kPeerHere) {
    sched_yield();
    return word.load(std::memory_order_acquire);
  }
  spin.record(end == SpinEnd::kChanged);
  return value;
}

std::uint32_t sleep_while_equal(const std::atomic<std::uint32_t>& word, std::uint32_t old,
                                std::atomic<std::uint32_t>& sleeping,
                                std::chrono::nanoseconds timeout) {
  // Dekker-style handshake with publish(): we store `sleeping` then load `word`; the writer
  // stores `word` then loads `sleeping`. With seq_cst on all four, at least one side sees the
  // other's store, so either we see the new value here or the writer wakes us. FUTEX_WAIT
  // itself re-checks `word == old` atomically in the kernel, closing the last gap.
  sleeping.store(1, std::memory_order_seq_cst);
  std::uint32_t value = word.load(std::memory_order_seq_cst);
  if (value == old) {
    futex_wait(word, old, timeout);
    value = word.load(std::memory_order_acquire);
  }
  sleeping.store(0, std::memory_order_relaxed);
  return value;
}

bool publish(std::atomic<std::uint32_t>& word, std::uint32_t value,
             const std::atomic<std::uint32_t>& sleeping) {
  word.store(value, std::memory_order_seq_cst);
  if (sleeping.load(std::memory_order_seq_cst) == 0) return false;
  futex_wake(word, 1);
  return true;
}

int futex_wake(const std::atomic<std::uint32_t>& word, int count) {
  return static_cast<int>(syscall(SYS_futex, futex_address(word), FUTEX_WAKE, count, nullptr,
                                  nullptr, 0));
}

}  // namespace dslab::ipc::wait
