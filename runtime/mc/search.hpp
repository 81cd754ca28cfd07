// The searches of the model checker: breadth-first search with a visited set of fingerprints
// (level-synchronous, so the shortest counterexample found is the same on every run), bounded
// by depth, states and time, with invariants checked in every state and goals that show a kind
// of state is reachable; and seeded random walks (probes) to depths BFS cannot reach.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "runtime/mc/explorer.hpp"
#include "runtime/random/random.hpp"

namespace dslab::mc {

/// A safety property: nothing while it holds, else one line saying what is wrong. Invariants and
/// goals are pure functions of the state (a parallel search calls them from several threads).
template <class P>
struct Invariant {
  std::string name;
  std::function<std::optional<std::string>(const State<P>&)> check;
};

/// A kind of state the search should show is reachable ("every node decided").
template <class P>
struct Goal {
  std::string name;
  std::function<bool(const State<P>&)> reached;
};

/// Bounds of a search. The result is deterministic unless the time bound cuts it short.
struct Bounds {
  int depth = 10;                          ///< transitions from the start state
  std::uint64_t states = 1'000'000;        ///< distinct states visited at most
  std::chrono::milliseconds time{60'000};  ///< wall-clock time at most
};

/// How a search ended.
enum class Verdict : std::uint8_t {
  kViolation,  ///< an invariant failed (or a handler failed): `path` leads there
  kGoal,       ///< a goal state was found: `path` leads there
  kExhausted,  ///< every state up to the depth bound was visited: no violation, no goal
  kStopped,    ///< a state or time bound stopped the search first
};

/// "violation", "goal", "exhausted", "stopped".
const char* verdict_name(Verdict verdict);

/// The outcome of a search.
struct Result {
  Verdict verdict = Verdict::kExhausted;
  std::string property;             ///< the invariant or goal found ("" if none)
  std::string message;              ///< the invariant's message (violation)
  std::vector<Transition> path;     ///< from the start state to the state found
  int depth = 0;                    ///< BFS: deepest level completed; probe: path length
  std::uint64_t states = 0;         ///< distinct states visited (probes: states stepped through)
  std::uint64_t transitions = 0;    ///< transitions applied
  double seconds = 0;               ///< wall time of the search
  std::uint64_t walk_seed = 0;      ///< probes: the seed of the walk that found it
  /// One line: "violation of agreement at depth 7 (12,345 states, 40,000 transitions, 0.2 s)".
  std::string summary() const;
};

/// Breadth-first search from the explorer's start state. States at the same depth are expanded
/// in the order they were discovered and successors in the order Explorer::enabled lists them,
/// so the first violation (or goal) found is the same whatever the machine: a shortest path to
/// the first such state of its level. Goals stop the search when one is reached (leave `goals`
/// empty for a pure safety search).
template <node::Protocol P>
Result bfs(Explorer<P>& explorer, const std::vector<Invariant<P>>& invariants,
           const std::vector<Goal<P>>& goals, const Bounds& bounds);

/// The same search on several threads, one per explorer (each with its own engine): a level is
/// cut into one contiguous part per explorer, each part expanded and judged on its thread
/// against the visited set of the earlier levels (read only), and the parts merged in order on
/// the calling thread. The result is identical to the one-explorer search's.
template <node::Protocol P>
Result bfs(std::span<Explorer<P>* const> explorers, const std::vector<Invariant<P>>& invariants,
           const std::vector<Goal<P>>& goals, const Bounds& bounds);

/// Settings of random walks: `walks` walks of at most `depth` steps, walk i seeded by
/// Rng(seed).derive(i); each step picks uniformly among the enabled transitions.
struct Probes {
  std::uint64_t walks = 100;
  int depth = 100;
  std::uint64_t seed = 1;
  std::chrono::milliseconds time{60'000};
};

/// Random depth-first probes: walks from the start state, invariants checked in every state,
/// goals reported when reached. The first walk (in index order) that breaks an invariant ends
/// the search. A walk ends early in a state with no enabled transition.
template <node::Protocol P>
Result probe(Explorer<P>& explorer, const std::vector<Invariant<P>>& invariants,
             const std::vector<Goal<P>>& goals, const Probes& probes);

// ---------------------------------------------------------------------------------------------

inline const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kViolation: return "violation";
    case Verdict::kGoal: return "goal";
    case Verdict::kExhausted: return "exhausted";
    case Verdict::kStopped: return "stopped";
  }
  return "?";
}

inline std::string Result::summary() const {
  std::string what = verdict_name(verdict);
  if (!property.empty()) what += " of " + property;
  return fmt::format("{} at depth {} ({} states, {} transitions, {:.2f} s)", what, depth, states,
                     transitions, seconds);
}

namespace detail {

/// Checks every invariant, then every goal, on a new state; fills `result` and returns true
/// when the search must stop.
template <class P>
bool judge(const State<P>& s, const std::vector<Invariant<P>>& invariants,
           const std::vector<Goal<P>>& goals, Result& result) {
  for (const auto& inv : invariants) {
    if (auto why = inv.check(s)) {
      result.verdict = Verdict::kViolation;
      result.property = inv.name;
      result.message = *why;
      return true;
    }
  }
  for (const auto& goal : goals) {
    if (goal.reached(s)) {
      result.verdict = Verdict::kGoal;
      result.property = goal.name;
      return true;
    }
  }
  return false;
}

/// Path of visited state `id` from the start, from the parent links.
inline std::vector<Transition> path_to(std::uint64_t id, const std::vector<std::uint64_t>& parent,
                                       const std::vector<Transition>& via) {
  std::vector<Transition> path;
  for (; id != 0; id = parent[id]) path.push_back(via[id]);
  return {path.rbegin(), path.rend()};
}

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// A successor computed while expanding a level (possibly on another thread), judged there; the
/// merge then takes them in the serial order.
template <class P>
struct Successor {
  std::uint64_t parent = 0;     ///< id of the state it leaves
  Transition via;
  std::uint64_t fingerprint = 0;
  bool seen = false;            ///< already visited at an earlier depth (no state kept)
  bool stop = false;            ///< `verdict` holds the violation or goal found
  bool failed = false;          ///< the handler failed: `verdict` says how
  Result verdict;
  std::optional<State<P>> state;
};

template <class P>
struct Entry {
  std::uint64_t id = 0;
  State<P> state;
};

/// Expands entries [begin, end) of a level with one explorer: every successor in order, judged;
/// `ends[i]` is where entry begin+i's successors end in `out`. Stops after a handler failure
/// (nothing after it is used) or at the deadline (`late`). Reads `visited` only.
template <class P>
void expand(Explorer<P>& explorer, const std::vector<Entry<P>>& level, std::size_t begin,
            std::size_t end, int depth, const std::unordered_set<std::uint64_t>& visited,
            const std::vector<Invariant<P>>& invariants, const std::vector<Goal<P>>& goals,
            std::chrono::steady_clock::time_point deadline, std::vector<Successor<P>>& out,
            std::vector<std::size_t>& ends, bool& late) {
  std::vector<Transition> moves;
  for (std::size_t i = begin; i < end; ++i) {
    if (std::chrono::steady_clock::now() > deadline) {
      late = true;
      return;
    }
    const Entry<P>& e = level[i];
    explorer.enabled(e.state, moves);
    for (const Transition& t : moves) {
      Successor<P>& s = out.emplace_back();
      s.parent = e.id;
      s.via = t;
      try {
        s.state = explorer.apply(e.state, t, depth);
      } catch (const StepFailure& f) {
        s.failed = true;
        s.verdict.verdict = Verdict::kViolation;
        s.verdict.property = "handler";
        s.verdict.message = f.message;
        ends.push_back(out.size());
        return;
      }
      s.fingerprint = fingerprint(*s.state);
      s.seen = visited.count(s.fingerprint) != 0;
      if (s.seen) {
        s.state.reset();
        continue;
      }
      s.stop = judge(*s.state, invariants, goals, s.verdict);
    }
    ends.push_back(out.size());
  }
}

/// Runs part(0..k-1), part 0 on this thread and the others on their own threads.
template <class Part>
void for_each_part(std::size_t k, Part& part) {
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < k; ++i) threads.emplace_back([&part, i] { part(i); });
  part(0);
  for (auto& t : threads) t.join();
}

/// Takes a level's successors in the serial order (part by part, entry by entry): new states
/// into the visited set and `next`, stopping at the first judged one, a handler failure or the
/// state bound. The verdict that stops the search, or nothing.
template <class P>
std::optional<Verdict> merge(std::vector<std::vector<Successor<P>>>& parts,
                             const std::vector<std::vector<std::size_t>>& ends,
                             const std::vector<char>& late, std::size_t entries, std::size_t chunk,
                             const Bounds& bounds, std::unordered_set<std::uint64_t>& visited,
                             std::vector<std::uint64_t>& parent, std::vector<Transition>& via,
                             std::vector<Entry<P>>& next, Result& result) {
  auto stop = [&](Successor<P>& s, std::vector<Transition> path) {
    const std::uint64_t transitions = result.transitions;
    result = std::move(s.verdict);
    result.transitions = transitions;
    result.path = std::move(path);
    return result.verdict;
  };
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::size_t j = 0;
    for (const std::size_t end : ends[i]) {
      if (parent.size() >= bounds.states) return Verdict::kStopped;
      for (; j < end; ++j) {
        Successor<P>& s = parts[i][j];
        ++result.transitions;
        if (s.seen) continue;
        if (s.failed) {
          std::vector<Transition> path = path_to(s.parent, parent, via);
          path.push_back(s.via);
          return stop(s, std::move(path));
        }
        if (!visited.insert(s.fingerprint).second) continue;
        const std::uint64_t id = parent.size();
        parent.push_back(s.parent);
        via.push_back(s.via);
        if (s.stop) return stop(s, path_to(id, parent, via));
        next.push_back({id, std::move(*s.state)});
      }
    }
    const std::size_t expected = std::min(entries, (i + 1) * chunk) - std::min(entries, i * chunk);
    if (late[i] || ends[i].size() < expected) return Verdict::kStopped;
  }
  return std::nullopt;
}

}  // namespace detail

template <node::Protocol P>
Result bfs(Explorer<P>& explorer, const std::vector<Invariant<P>>& invariants,
           const std::vector<Goal<P>>& goals, const Bounds& bounds) {
  std::vector<Explorer<P>*> one{&explorer};
  return bfs(std::span<Explorer<P>* const>(one), invariants, goals, bounds);
}

template <node::Protocol P>
Result bfs(std::span<Explorer<P>* const> explorers, const std::vector<Invariant<P>>& invariants,
           const std::vector<Goal<P>>& goals, const Bounds& bounds) {
  const auto start = std::chrono::steady_clock::now();
  Result result;
  std::vector<std::uint64_t> parent{0};  // per visited state id; id 0 is the start state
  std::vector<Transition> via{Transition{}};
  auto finish = [&](Verdict v) {
    result.verdict = v;
    result.seconds = detail::seconds_since(start);
    result.states = parent.size();
    return result;
  };
  std::vector<detail::Entry<P>> level;
  try {
    level.push_back({0, explorers[0]->initial()});
  } catch (const StepFailure& f) {
    result.property = "handler";
    result.message = f.message;
    return finish(Verdict::kViolation);
  }
  std::unordered_set<std::uint64_t> visited{fingerprint(level[0].state)};
  if (detail::judge(level[0].state, invariants, goals, result)) return finish(result.verdict);
  const std::size_t k = std::max<std::size_t>(1, explorers.size());
  std::vector<std::vector<detail::Successor<P>>> parts(k);
  std::vector<std::vector<std::size_t>> ends(k);
  std::vector<detail::Entry<P>> next;
  for (int depth = 1; depth <= bounds.depth && !level.empty(); ++depth) {
    const std::size_t chunk = (level.size() + k - 1) / k;
    std::vector<char> late(k, 0);
    auto run = [&](std::size_t i) {
      parts[i].clear();
      ends[i].clear();
      const std::size_t b = std::min(level.size(), i * chunk);
      const std::size_t e = std::min(level.size(), b + chunk);
      bool l = false;
      detail::expand(*explorers[i], level, b, e, depth, visited, invariants, goals,
                     start + bounds.time, parts[i], ends[i], l);
      late[i] = l;
    };
    detail::for_each_part(k, run);
    next.clear();
    if (auto v = detail::merge(parts, ends, late, level.size(), chunk, bounds, visited, parent,
                               via, next, result)) {
      result.depth = *v == Verdict::kStopped ? depth - 1 : depth;
      return finish(*v);
    }
    level.swap(next);
    result.depth = depth;
  }
  return finish(Verdict::kExhausted);
}

template <node::Protocol P>
Result probe(Explorer<P>& explorer, const std::vector<Invariant<P>>& invariants,
             const std::vector<Goal<P>>& goals, const Probes& probes) {
  const auto start = std::chrono::steady_clock::now();
  Result result;
  std::optional<Result> first_goal;
  const random::Rng master(probes.seed);
  std::vector<Transition> moves;
  for (std::uint64_t w = 0; w < probes.walks; ++w) {
    if (std::chrono::steady_clock::now() - start > probes.time) {
      result.verdict = Verdict::kStopped;
      break;
    }
    random::Rng rng = master.derive(w);
    Result walk;
    walk.walk_seed = w;
    try {
      State<P> s = explorer.initial();
      bool stop = detail::judge(s, invariants, {}, walk);
      for (int depth = 1; depth <= probes.depth && !stop; ++depth) {
        explorer.enabled(s, moves);
        if (moves.empty()) break;
        const Transition t = moves[rng.below(moves.size())];
        walk.path.push_back(t);
        s = explorer.apply(s, t, depth);
        ++result.transitions;
        ++result.states;
        stop = detail::judge(s, invariants, first_goal ? std::vector<Goal<P>>{} : goals, walk);
      }
    } catch (const StepFailure& f) {
      walk.verdict = Verdict::kViolation;
      walk.property = "handler";
      walk.message = f.message;
    }
    walk.depth = static_cast<int>(walk.path.size());
    if (walk.verdict == Verdict::kViolation) {
      walk.states = result.states;
      walk.transitions = result.transitions;
      walk.seconds = detail::seconds_since(start);
      return walk;
    }
    if (walk.verdict == Verdict::kGoal && !first_goal) first_goal = walk;
  }
  if (first_goal) {
    first_goal->states = result.states;
    first_goal->transitions = result.transitions;
    first_goal->seconds = detail::seconds_since(start);
    return *first_goal;
  }
  if (result.verdict != Verdict::kStopped) result.verdict = Verdict::kExhausted;
  result.depth = probes.depth;
  result.seconds = detail::seconds_since(start);
  return result;
}

}  // namespace dslab::mc
