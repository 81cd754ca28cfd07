// The just-in-time linearization search (Wing & Gong, Lowe) over one partition of a history.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "runtime/lincheck/cache.hpp"
#include "runtime/lincheck/history.hpp"
#include "runtime/lincheck/model.hpp"
#include "runtime/lincheck/result.hpp"

namespace dslab::lincheck::detail {

/// Limits shared by all partitions of one check; counts steps and notes why it ran out.
class Budget {
 public:
  explicit Budget(const Options& options);

  /// Counts one search step. `bytes` reports the caller's memory in use (called rarely).
  /// Returns false once any budget is exhausted (then `reason()` says which).
  template <class Bytes>
  bool tick(Bytes&& bytes) {
    ++steps_;
    if (max_steps_ != 0 && steps_ > max_steps_) return exhaust_steps();
    if ((steps_ & 1023) != 1) return true;
    return check_slow(bytes());
  }

  std::uint64_t steps() const { return steps_; }
  const std::string& reason() const { return reason_; }

 private:
  bool exhaust_steps();
  bool check_slow(std::size_t bytes);
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  std::optional<std::chrono::nanoseconds> budget_;
  std::uint64_t max_steps_;
  std::size_t max_bytes_;
  std::uint64_t steps_ = 0;
  std::string reason_;
};

/// Renders an operation for explanations: "client 3: write(4) -> ok  [t=12..15]".
std::string describe_operation(int client, const std::string& what, Time call, Time ret,
                               bool known);

template <class M>
inline constexpr bool kSmallState =
    std::is_trivially_copyable_v<typename M::State> && sizeof(typename M::State) <= 32;

/// The search's view of model states. Small states are used as they are; see the
/// specialisation below for large ones.
template <class M, bool Small = kSmallState<M>>
class StateSpace {
 public:
  using Key = typename M::State;
  StateSpace(const M& model, const std::vector<const OperationOf<M>*>& ops)
      : model_(model), ops_(ops) {}
  Key initial() { return model_.init(); }
  bool step(const Key& from, std::uint32_t op, Key& to) {
    return model_.step(from, ops_[op]->input, ops_[op]->output, to);
  }
  std::uint64_t hash(const Key& k) const { return model_.hash(k); }
  bool equal(const Key& a, const Key& b) const { return model_.equal(a, b); }
  const typename M::State& state(const Key& k) const { return k; }
  std::size_t bytes() const { return 0; }
  /// See `ReachabilityAwareModel`; true (no proof) for models without the hook.
  bool reachable(const Key& k, std::uint32_t op) const {
    if constexpr (ReachabilityAwareModel<M>) {
      return !ops_[op]->output || model_.reachable(k, ops_[op]->input, *ops_[op]->output);
    }
    return true;
  }

 private:
  const M& model_;
  const std::vector<const OperationOf<M>*>& ops_;
};

/// Large states are interned (equal states share an id): the search and its cache then move
/// 32-bit ids around instead of copies. (Memoising steps per (state, operation) was measured
/// and lost: in append-heavy histories almost every step reaches a new state.)
template <class M>
class StateSpace<M, false> {
 public:
  using Key = std::uint32_t;
  StateSpace(const M& model, const std::vector<const OperationOf<M>*>& ops)
      : model_(model), ops_(ops) {}
  Key initial() { return intern(model_.init()); }
  bool step(Key from, std::uint32_t op, Key& to) {
    typename M::State next;
    if (!model_.step(states_[from], ops_[op]->input, ops_[op]->output, next)) return false;
    to = intern(std::move(next));
    return true;
  }
  std::uint64_t hash(Key k) const { return states_.hash_of(k); }
  bool equal(Key a, Key b) const { return a == b; }
  const typename M::State& state(Key k) const { return states_[k]; }
  std::size_t bytes() const { return states_.size() * (sizeof(typename M::State) + 64); }
  /// See `ReachabilityAwareModel`; true (no proof) for models without the hook.
  bool reachable(Key k, std::uint32_t op) const {
    if constexpr (ReachabilityAwareModel<M>) {
      return !ops_[op]->output || model_.reachable(states_[k], ops_[op]->input, *ops_[op]->output);
    }
    return true;
  }

 private:
  Key intern(typename M::State&& s) {
    return states_.intern(
        std::move(s), [this](const auto& x) { return model_.hash(x); },
        [this](const auto& a, const auto& b) { return model_.equal(a, b); });
  }
  const M& model_;
  const std::vector<const OperationOf<M>*>& ops_;
  Interner<typename M::State> states_;
};

/// Lowe's just-in-time linearization search over `ops` (one partition). Call entries and return
/// entries of all operations form a doubly linked list in time order; the search repeatedly
/// linearizes a pending operation whose call comes before the first remaining return, lifting
/// it out of the list, and backtracks when it meets a return entry (that operation had to take
/// effect by then). A (linearized set, state) pair seen before is never explored twice.
/// Operations with unknown outcome return "never", so they may take effect at any time after
/// their call, or (placed after everything else) not at all.
/// Read-only operations (see `Model`) are tried first at every configuration and are forced:
/// if one is applicable, the configuration succeeds exactly when it succeeds with that
/// operation placed now, so its alternatives are never explored. Not thread-safe.
template <Model M>
class Search {
 public:
  using Op = OperationOf<M>;

  /// `ops` must outlive the search; known operations must have call <= ret.
  Search(const M& model, std::vector<const Op*> ops, Budget& budget)
      : model_(model), ops_(std::move(ops)), budget_(budget), space_(model_, ops_),
        words_((ops_.size() + 63) / 64), seen_(words_) {
    build_list();
  }

  /// Continues the search for at most `slice` steps (0 = no limit). Returns the verdict, or
  /// nothing if the slice ran out first (call again to resume). kUnknown when the budget ran
  /// out.
  std::optional<Verdict> run(std::uint64_t slice = 0);

  /// A readable account of the violation; meaningful after run() returned kNotLinearizable.
  Explanation explain() const;

 private:
  using Key = typename StateSpace<M>::Key;
  struct Frame {
    std::uint32_t entry;
    Key state;
    bool forced;  // a read-only operation: if it fails here, so does the state before it
  };

  void build_list();
  void find_enablers();
  /// The call entry of a pending operation that can never become legal from the current
  /// configuration, or 0 if none was found (only the first kScanLimit reads are looked at).
  std::uint32_t find_unreachable() const {
    constexpr int kScanLimit = 64;
    if (enabler_begin_.empty()) return 0;
    int scanned = 0;
    for (std::uint32_t c = next_[0]; c != 0 && scanned < kScanLimit; c = next_[c]) {
      if (!is_call(c) || !read_only_[op_[c]] || !ops_[op_[c]]->known()) continue;
      ++scanned;
      if (unreachable(op_[c])) return c;
    }
    return 0;
  }
  /// True only if known operation `op` can never become legal from the current configuration.
  bool unreachable(std::uint32_t op) const {
    for (std::uint32_t k = enabler_begin_[op]; k < enabler_begin_[op + 1]; ++k) {
      const std::uint32_t r = enablers_[k];
      if ((bits_[r >> 6] & (std::uint64_t{1} << (r & 63))) == 0) return false;
    }
    return !space_.reachable(state_, op);
  }
  void lift(std::uint32_t e) {
    const std::uint32_t r = match_[e];
    next_[prev_[e]] = next_[e];
    prev_[next_[e]] = prev_[e];
    next_[prev_[r]] = next_[r];
    prev_[next_[r]] = prev_[r];
  }
  void unlift(std::uint32_t e) {
    const std::uint32_t r = match_[e];
    prev_[next_[r]] = r;
    next_[prev_[r]] = r;
    prev_[next_[e]] = e;
    next_[prev_[e]] = e;
  }
  bool is_call(std::uint32_t e) const { return match_[e] != 0; }
  void note_depth(const std::vector<Frame>& stack, const Key& state);
  void note_blocked(std::size_t depth, std::uint32_t op);

  void start();
  void enter();
  bool leave();

  const M& model_;
  std::vector<const Op*> ops_;
  Budget& budget_;
  StateSpace<M> space_;
  std::size_t words_;
  SeenSet<Key> seen_;
  // The search position, kept between slices.
  bool started_ = false;
  std::optional<Verdict> verdict_;
  Key state_{};
  std::vector<std::uint64_t> bits_;
  std::uint64_t bits_hash_ = 0;
  std::vector<Frame> stack_;
  std::size_t known_left_ = 0;
  // The candidates of each configuration on the stack (calls before its first return entry:
  // read-only ones first, then the others by return time), stacked in one buffer.
  struct Level {
    std::uint32_t begin, end, next;
    std::uint32_t first_return;  // or the call of an operation that can never become legal
  };
  std::vector<Level> levels_;
  std::vector<std::uint32_t> candidates_;
  std::vector<std::uint32_t> return_rank_;  // op -> position of its return among all returns
  // The entry list: index 0 is the head sentinel and the end marker; call entry of op i and its
  // return entry are matched by match_ (0 for return entries).
  std::vector<std::uint32_t> next_, prev_, match_, op_;
  std::vector<std::uint64_t> zobrist_;
  std::vector<bool> read_only_;
  // Pruning (see `ReachabilityAwareModel`): for each known operation, the resetting operations
  // that may make it reachable again (enablers_[enabler_begin_[i] .. enabler_begin_[i + 1]]).
  // A pending operation that is unreachable while all of those are linearized refutes the
  // configuration. Empty when the model has no hook or the lists would be too large.
  std::vector<std::uint32_t> enabler_begin_, enablers_;
  // What the deepest attempts looked like, for explanations.
  std::size_t best_depth_ = 0;
  std::vector<std::uint32_t> best_prefix_;
  std::vector<Key> best_states_;
  bool best_states_truncated_ = false;
  std::vector<std::uint32_t> blocked_;
};

template <Model M>
void Search<M>::build_list() {
  const std::size_t n = ops_.size();
  struct Event {
    Time time;
    int kind;  // 0 call, 1 return of a known op, 2 return of an unknown op
    std::uint32_t op;
  };
  std::vector<Event> events;
  events.reserve(2 * n);
  zobrist_.resize(n);
  read_only_.assign(n, false);
  for (std::uint32_t i = 0; i < n; ++i) {
    const Op& o = *ops_[i];
    events.push_back({o.call, 0, i});
    events.push_back(o.known() ? Event{o.ret, 1, i} : Event{kNever, 2, i});
    zobrist_[i] = mix64(0x5eed0000ULL + i);
    if constexpr (ReadOnlyAwareModel<M>) read_only_[i] = model_.read_only(o.input, o.output);
  }
  // Calls before returns at equal times: operations that touch at one instant are concurrent.
  if constexpr (ReachabilityAwareModel<M>) find_enablers();
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.op < b.op;
  });
  next_.assign(2 * n + 1, 0);
  prev_.assign(2 * n + 1, 0);
  match_.assign(2 * n + 1, 0);
  op_.assign(2 * n + 1, 0);
  return_rank_.assign(n, 0);
  std::vector<std::uint32_t> call_entry(n, 0);
  for (std::uint32_t k = 0; k < events.size(); ++k) {
    const std::uint32_t e = k + 1;
    op_[e] = events[k].op;
    if (events[k].kind == 0) {
      call_entry[events[k].op] = e;
    } else {
      match_[call_entry[events[k].op]] = e;
      return_rank_[events[k].op] = k;
    }
    prev_[e] = e - 1;
    next_[e - 1] = e;
  }
  next_[events.size()] = 0;
  prev_[0] = static_cast<std::uint32_t>(events.size());
}

template <Model M>
void Search<M>::find_enablers() {
  // Pairs (resetting operation, known operation) are compared once; past this many the pruning
  // is left off rather than spend quadratic time up front.
  constexpr std::size_t kMaxPairs = std::size_t{1} << 22;
  const std::size_t n = ops_.size();
  std::vector<std::uint32_t> resetting;
  std::size_t known = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (model_.resets(ops_[i]->input)) resetting.push_back(i);
    known += ops_[i]->known() ? 1 : 0;
  }
  if (resetting.size() * known > kMaxPairs) return;
  enabler_begin_.assign(n + 1, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    enabler_begin_[i] = static_cast<std::uint32_t>(enablers_.size());
    if (!ops_[i]->known()) continue;
    for (std::uint32_t r : resetting) {
      if (r != i && model_.may_enable(ops_[r]->input, ops_[i]->input, *ops_[i]->output)) {
        enablers_.push_back(r);
      }
    }
  }
  enabler_begin_[n] = static_cast<std::uint32_t>(enablers_.size());
}

template <Model M>
void Search<M>::start() {
  started_ = true;
  for (const Op* o : ops_) known_left_ += o->known() ? 1 : 0;
  state_ = space_.initial();
  best_states_.assign(1, state_);
  bits_.assign(words_, 0);
  stack_.reserve(ops_.size());
  if (known_left_ == 0) {
    verdict_ = Verdict::kLinearizable;
    return;
  }
  enter();
}

template <Model M>
void Search<M>::enter() {
  const auto begin = static_cast<std::uint32_t>(candidates_.size());
  // A pending operation that can never become legal refutes the configuration: no candidate
  // is tried, and that operation is reported as the one that could not be placed.
  if (const std::uint32_t stuck = find_unreachable(); stuck != 0) {
    levels_.push_back({begin, begin, begin, stuck});
    return;
  }
  std::uint32_t e = next_[0];
  for (; is_call(e); e = next_[e]) {
    if (read_only_[op_[e]]) candidates_.push_back(e);
  }
  const auto split = static_cast<std::uint32_t>(candidates_.size());
  for (std::uint32_t c = next_[0]; c != e; c = next_[c]) {
    if (!read_only_[op_[c]]) candidates_.push_back(c);
  }
  std::sort(candidates_.begin() + split, candidates_.end(), [this](std::uint32_t a, std::uint32_t b) {
    return return_rank_[op_[a]] < return_rank_[op_[b]];
  });
  // Goal-directed: when the operation due first is a read that cannot be placed yet, try first
  // the operations after which it could be.
  const std::uint32_t due = op_[e];
  if (e != 0 && read_only_[due] && split < candidates_.size()) {
    Key probe{};
    if (!space_.step(state_, due, probe)) {
      std::stable_partition(candidates_.begin() + split, candidates_.end(), [&](std::uint32_t c) {
        Key after{}, seen{};
        return space_.step(state_, op_[c], after) && space_.step(after, due, seen);
      });
    }
  }
  levels_.push_back({begin, static_cast<std::uint32_t>(candidates_.size()), begin, e});
}

template <Model M>
bool Search<M>::leave() {
  // The current configuration failed: undo the choice that led to it, and every forced
  // (read-only) choice below it. Returns false when nothing is left to undo.
  bool forced = true;
  while (forced) {
    candidates_.resize(levels_.back().begin);
    levels_.pop_back();
    if (stack_.empty()) return false;
    const Frame top = stack_.back();
    stack_.pop_back();
    const std::uint32_t undone = op_[top.entry];
    known_left_ += ops_[undone]->known() ? 1 : 0;
    bits_[undone >> 6] &= ~(std::uint64_t{1} << (undone & 63));
    bits_hash_ ^= zobrist_[undone];
    state_ = top.state;
    unlift(top.entry);
    forced = top.forced;
  }
  return true;
}

template <Model M>
std::optional<Verdict> Search<M>::run(std::uint64_t slice) {
  if (!started_) start();
  if (verdict_) return verdict_;
  auto bytes = [this] {
    return seen_.bytes() + space_.bytes() + candidates_.capacity() * 4 + levels_.capacity() * 16 +
           enablers_.capacity() * 4;
  };
  auto eq = [this](const Key& a, const Key& b) { return space_.equal(a, b); };
  for (std::uint64_t n = 0; slice == 0 || n < slice; ++n) {
    if (!budget_.tick(bytes)) return verdict_ = Verdict::kUnknown;
    Level& level = levels_.back();
    bool failed = level.next == level.end;
    if (!failed) {
      const std::uint32_t e = candidates_[level.next++];
      const std::uint32_t op = op_[e];
      Key after{};
      if (!space_.step(state_, op, after)) continue;
      bits_[op >> 6] |= std::uint64_t{1} << (op & 63);
      const std::uint64_t h = mix64(bits_hash_ ^ zobrist_[op] ^ space_.hash(after));
      if (seen_.insert(bits_.data(), h, after, eq)) {
        stack_.push_back({e, state_, read_only_[op]});
        state_ = after;
        bits_hash_ ^= zobrist_[op];
        lift(e);
        if (ops_[op]->known() && --known_left_ == 0) return verdict_ = Verdict::kLinearizable;
        note_depth(stack_, state_);
        enter();
        continue;
      }
      bits_[op >> 6] &= ~(std::uint64_t{1} << (op & 63));
      // An applicable read-only operation whose successor was refuted refutes this one too.
      failed = read_only_[op];
      if (!failed) continue;
    } else {
      // Every candidate failed: the operation of the first return entry could not be placed.
      note_blocked(stack_.size(), op_[level.first_return]);
    }
    if (!leave()) return verdict_ = Verdict::kNotLinearizable;
  }
  return std::nullopt;
}

template <Model M>
void Search<M>::note_depth(const std::vector<Frame>& stack, const Key& state) {
  constexpr std::size_t kMaxStates = 8;
  if (stack.size() > best_depth_) {
    best_depth_ = stack.size();
    best_prefix_.clear();
    for (const Frame& f : stack) best_prefix_.push_back(op_[f.entry]);
    best_states_.assign(1, state);
    best_states_truncated_ = false;
    blocked_.clear();
    return;
  }
  if (stack.size() < best_depth_) return;
  for (const Key& k : best_states_) {
    if (space_.equal(k, state)) return;
  }
  if (best_states_.size() < kMaxStates) {
    best_states_.push_back(state);
  } else {
    best_states_truncated_ = true;
  }
}

template <Model M>
void Search<M>::note_blocked(std::size_t depth, std::uint32_t op) {
  if (depth != best_depth_ || blocked_.size() >= 8) return;
  if (std::find(blocked_.begin(), blocked_.end(), op) == blocked_.end()) blocked_.push_back(op);
}

template <Model M>
Explanation Search<M>::explain() const {
  constexpr std::size_t kMaxPending = 20;
  Explanation x;
  x.partition_ops = ops_.size();
  auto describe = [this](std::uint32_t i) {
    const Op& o = *ops_[i];
    return describe_operation(o.client, model_.describe(o.input, o.output), o.call, o.ret,
                              o.known());
  };
  std::vector<bool> placed(ops_.size(), false);
  for (std::uint32_t i : best_prefix_) {
    placed[i] = true;
    x.prefix.push_back(describe(i));
  }
  for (const Key& k : best_states_) x.states.push_back(model_.describe(space_.state(k)));
  x.states_truncated = best_states_truncated_;
  Time horizon = std::numeric_limits<Time>::min();
  for (std::uint32_t i : blocked_) {
    placed[i] = true;
    x.blocked.push_back(describe(i));
    horizon = std::max(horizon, ops_[i]->known() ? ops_[i]->ret : kNever);
  }
  std::vector<std::uint32_t> pending;
  for (std::uint32_t i = 0; i < ops_.size(); ++i) {
    if (!placed[i] && ops_[i]->call <= horizon) pending.push_back(i);
  }
  std::sort(pending.begin(), pending.end(),
            [this](std::uint32_t a, std::uint32_t b) { return ops_[a]->call < ops_[b]->call; });
  for (std::size_t k = 0; k < pending.size() && k < kMaxPending; ++k) {
    x.pending.push_back(describe(pending[k]));
  }
  if (pending.size() > kMaxPending) {
    x.pending.push_back("... and " + std::to_string(pending.size() - kMaxPending) + " more");
  }
  return x;
}

}  // namespace dslab::lincheck::detail
