// runtime/ipc/wait.cpp: futex system calls and the spin/sleep loops of the channel.
#include "runtime/ipc/wait.hpp"

#include <linux/futex.h>
#include <sys/syscall.h>
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

std::uint32_t spin_while_equal(const std::atomic<std::uint32_t>& word, std::uint32_t old,
                               std::chrono::nanoseconds budget) {
  std::uint32_t value = word.load(std::memory_order_acquire);
  if (value != old || budget <= std::chrono::nanoseconds::zero()) return value;
  const auto start = std::chrono::steady_clock::now();
  const auto until = start + budget;
  for (auto now = start; now < until; now = std::chrono::steady_clock::now()) {
    // Reading the clock costs ~20 ns (vDSO); checking it every 32 pauses keeps the spin cheap
    // while bounding the overshoot to well under a microsecond.
    for (int i = 0; i < 32; ++i) {
      cpu_relax();
      value = word.load(std::memory_order_acquire);
      if (value != old) return value;
    }
    // No sched_yield() here: measured on this 2-core VM under load it made things worse
    // (the yielder loses its core for a whole slice); AdaptiveSpin shrinks the budget instead.
  }
  return word.load(std::memory_order_acquire);
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

void publish(std::atomic<std::uint32_t>& word, std::uint32_t value,
             const std::atomic<std::uint32_t>& sleeping) {
  word.store(value, std::memory_order_seq_cst);
  if (sleeping.load(std::memory_order_seq_cst) != 0) futex_wake(word, 1);
}

int futex_wake(const std::atomic<std::uint32_t>& word, int count) {
  return static_cast<int>(syscall(SYS_futex, futex_address(word), FUTEX_WAKE, count, nullptr,
                                  nullptr, 0));
}

}  // namespace dslab::ipc::wait
