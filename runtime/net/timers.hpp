// A node's timers on the monotonic clock: a min-heap of deadlines with lazy cancellation.
#pragma once

#include <optional>
#include <queue>
#include <set>
#include <utility>
#include <vector>

#include "runtime/node/types.hpp"

namespace dslab::net {

/// Pending timers of one node. Not thread-safe.
template <class Timer>
class TimerQueue {
 public:
  /// Arms `timer` under `id` to fire at `deadline` (µs of the node's clock).
  void set(TimerId id, Time deadline, Timer timer) {
    heap_.push(Entry{deadline, seq_++, id, std::move(timer)});
    live_.insert(id);
  }
  /// Cancels `id`; harmless if it fired or was cancelled already.
  void cancel(TimerId id) { live_.erase(id); }

  /// The earliest deadline of a live timer, if any.
  std::optional<Time> next_deadline() {
    drop_cancelled();
    if (heap_.empty()) return std::nullopt;
    return heap_.top().deadline;
  }

  /// Removes and returns the earliest live timer due at `now`, if any (equal deadlines in the
  /// order they were set).
  std::optional<Timer> pop_due(Time now) {
    drop_cancelled();
    if (heap_.empty() || heap_.top().deadline > now) return std::nullopt;
    Entry top = heap_.top();
    heap_.pop();
    live_.erase(top.id);
    return std::move(top.timer);
  }

  std::size_t size() const { return live_.size(); }

 private:
  struct Entry {
    Time deadline;
    std::uint64_t seq;
    TimerId id;
    Timer timer;
    bool operator>(const Entry& other) const {
      return std::pair(deadline, seq) > std::pair(other.deadline, other.seq);
    }
  };
  void drop_cancelled() {
    while (!heap_.empty() && live_.count(heap_.top().id) == 0) heap_.pop();
  }

  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap_;
  std::set<TimerId> live_;
  std::uint64_t seq_ = 0;
};

}  // namespace dslab::net
