// Tests of the model checker on a toy counter protocol whose at-most-once bug needs a retry
// timer or a duplicated message: shortest counterexamples, pruning, fault budgets, crash and
// restart from stable storage, probes, determinism.
#include <gtest/gtest.h>

#include <algorithm>
#include <variant>

#include "runtime/engine/inprocess.hpp"
#include "runtime/mc/report.hpp"
#include "runtime/mc/search.hpp"

namespace dslab::mc {
namespace {

struct Inc {
  DSLAB_STATE(Inc)
};
struct Ack {
  std::uint64_t count = 0;
  DSLAB_STATE(Ack, count)
};
struct Retry {
  DSLAB_STATE(Retry)
};
struct Counted {
  std::uint64_t count = 0;
  DSLAB_STATE(Counted, count)
};
struct Toy {
  using Message = std::variant<Inc, Ack>;
  using Timer = std::variant<Retry>;
  using Output = std::variant<Counted>;
};

// n1 counts every Inc (persisted, reloaded on start) and acks it; every other node sends one
// Inc on start and once more if its one retry timer fires before the Ack.
class CounterNode {
 public:
  using Protocol = Toy;
  using Ctx = node::Context<Toy>;
  void on_start(Ctx& ctx) {
    if (ctx.self() == 1) {
      count_ = ctx.storage().get<std::uint64_t>("count").value_or(0);
      return;
    }
    ctx.send(1, Inc{});
    timer_ = ctx.set_timer(msec(10), Retry{});
  }
  void on(Ctx& ctx, NodeId from, const Inc&) {
    ++count_;
    ctx.storage().put("count", count_);
    ctx.output(Counted{count_});
    ctx.send(from, Ack{count_});
  }
  void on(Ctx& ctx, NodeId, const Ack&) {
    acked_ = true;
    ctx.cancel_timer(timer_);
  }
  void on(Ctx& ctx, const Retry&) {
    if (!acked_) ctx.send(1, Inc{});
  }

 private:
  std::uint64_t count_ = 0;
  bool acked_ = false;
  TimerId timer_ = 0;
  DSLAB_STATE(CounterNode, count_, acked_, timer_)
};

// "n1 counted at most once per client" (the toy's at-most-once property).
Invariant<Toy> at_most_once() {
  return {"at-most-once", [](const State<Toy>& s) -> std::optional<std::string> {
            const auto& out = s.node(1).outputs;
            if (out.size() < static_cast<std::size_t>(s.size())) return std::nullopt;
            return fmt::format("n1 counted {} times for {} client(s)", out.size(), s.size() - 1);
          }};
}

struct Fixture {
  engine::InProcessEngine<CounterNode> engine;
  Explorer<Toy> explorer;
  explicit Fixture(Model<Toy> model) : explorer(engine, std::move(model)) {}
};

TEST(Bfs, FindsTheShortestPathToAViolationThroughARetryTimer) {
  Fixture f({.nodes = 2});
  const Result r = bfs(f.explorer, {at_most_once()}, {}, {.depth = 6});
  ASSERT_EQ(r.verdict, Verdict::kViolation) << r.summary();
  EXPECT_EQ(r.property, "at-most-once");
  EXPECT_EQ(r.message, "n1 counted 2 times for 1 client(s)");
  ASSERT_EQ(r.path.size(), 3u);  // the retry fires, then both Inc are delivered
  EXPECT_EQ(std::count_if(r.path.begin(), r.path.end(),
                          [](const Transition& t) { return t.move == Move::kFire; }),
            1);
  const auto events = counterexample(f.explorer, r);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().kind, trace::Kind::kViolation);
  EXPECT_EQ(std::count_if(events.begin(), events.end(),
                          [](const trace::Event& e) { return e.kind == trace::Kind::kDeliver; }),
            2);
  const std::string text = trace::render_text(events, {.nodes = 2});
  EXPECT_NE(text.find("Inc"), std::string::npos) << text;
}

TEST(Bfs, IsDeterministicAndCanonical) {
  Fixture a({.nodes = 3});
  Fixture b({.nodes = 3});
  const Result ra = bfs(a.explorer, {}, {}, {.depth = 8});
  const Result rb = bfs(b.explorer, {}, {}, {.depth = 8});
  EXPECT_EQ(ra.verdict, Verdict::kExhausted);
  EXPECT_EQ(ra.states, rb.states);
  EXPECT_EQ(ra.transitions, rb.transitions);
  // Two clients whose Incs arrive in either order reach the same (canonical) states, so the
  // visited set stays far below the number of transitions.
  EXPECT_LT(ra.states * 2, ra.transitions);
}

TEST(Bfs, TwoThreadsGiveTheSameResultAsOne) {
  Fixture one({.nodes = 3, .faults = {.duplicates = 1}});
  Fixture a({.nodes = 3, .faults = {.duplicates = 1}});
  Fixture b({.nodes = 3, .faults = {.duplicates = 1}});
  std::vector<Explorer<Toy>*> two{&a.explorer, &b.explorer};
  for (const int depth : {6, 9}) {
    const Result serial = bfs(one.explorer, {at_most_once()}, {}, {.depth = depth});
    const Result parallel =
        bfs(std::span<Explorer<Toy>* const>(two), {at_most_once()}, {}, {.depth = depth});
    EXPECT_EQ(serial.summary().substr(0, serial.summary().find('(')),
              parallel.summary().substr(0, parallel.summary().find('(')));
    EXPECT_EQ(serial.states, parallel.states);
    EXPECT_EQ(serial.transitions, parallel.transitions);
    EXPECT_EQ(serial.path, parallel.path);
  }
  const Result serial = bfs(one.explorer, {}, {}, {.depth = 9});
  const Result parallel = bfs(std::span<Explorer<Toy>* const>(two), {}, {}, {.depth = 9});
  EXPECT_EQ(serial.verdict, Verdict::kExhausted);
  EXPECT_EQ(serial.states, parallel.states);
  EXPECT_EQ(serial.transitions, parallel.transitions);
}

TEST(Bfs, TimersWhenQuietHidesTheRetryBug) {
  Fixture f({.nodes = 2, .pruning = {.timers_when_quiet = true}});
  const Result r = bfs(f.explorer, {at_most_once()}, {}, {.depth = 12});
  EXPECT_EQ(r.verdict, Verdict::kExhausted) << r.summary();
  Fixture full({.nodes = 2});
  const Result all = bfs(full.explorer, {}, {}, {.depth = 12});
  EXPECT_LT(r.states, all.states);
}

TEST(Bfs, DuplicateBudgetFindsTheBugWithoutTimers) {
  Fixture f({.nodes = 2, .faults = {.duplicates = 1}, .pruning = {.timers_when_quiet = true}});
  const Result r = bfs(f.explorer, {at_most_once()}, {}, {.depth = 6});
  ASSERT_EQ(r.verdict, Verdict::kViolation) << r.summary();
  ASSERT_EQ(r.path.size(), 3u);
  EXPECT_EQ(r.path[0].move, Move::kDuplicate);
}

TEST(Bfs, MaxCopiesBoundsDuplicates) {
  Fixture f({.nodes = 2,
             .faults = {.duplicates = 3},
             .pruning = {.timers_when_quiet = true, .max_copies = 2}});
  const Invariant<Toy> two_copies{"copies", [](const State<Toy>& s) -> std::optional<std::string> {
                                    for (const auto& m : s.messages) {
                                      if (m.copies > 2) return "3 copies";
                                    }
                                    return std::nullopt;
                                  }};
  const Result r = bfs(f.explorer, {two_copies}, {}, {.depth = 10});
  EXPECT_EQ(r.verdict, Verdict::kExhausted) << r.summary();
}

TEST(Bfs, CrashedServerRestartsFromStableStorage) {
  Fixture f({.nodes = 2, .faults = {.crashes = 1}});
  const Invariant<Toy> increasing{
      "counts increase", [](const State<Toy>& s) -> std::optional<std::string> {
        const auto& out = s.node(1).outputs;
        for (std::size_t i = 1; i < out.size(); ++i) {
          if (std::get<Counted>(out[i]).count <= std::get<Counted>(out[i - 1]).count) {
            return "n1 counted down after a restart";
          }
        }
        return std::nullopt;
      }};
  const Result r = bfs(f.explorer, {increasing}, {}, {.depth = 8});
  EXPECT_EQ(r.verdict, Verdict::kExhausted) << r.summary();
  // Step by step: n1 counts 1 (persisted), crashes, restarts from storage and counts 2.
  State<Toy> s = f.explorer.initial();
  s = f.explorer.apply(s, {Move::kDeliver, 0}, 1);  // Inc -> n1
  s = f.explorer.apply(s, {Move::kCrash, 1}, 2);
  EXPECT_FALSE(s.node(1).up);
  EXPECT_TRUE(s.node(1).snapshot.empty());
  EXPECT_EQ(s.budget.crashes, 0u);
  s = f.explorer.apply(s, {Move::kRestart, 1}, 3);
  ASSERT_EQ(s.timers.size(), 1u);                    // n2's retry
  s = f.explorer.apply(s, {Move::kFire, 0}, 4);      // n2 sends Inc again (Ack still in flight)
  ASSERT_EQ(s.messages.size(), 2u);
  ASSERT_EQ(s.messages[0].to, 1);
  s = f.explorer.apply(s, {Move::kDeliver, 0}, 5);
  ASSERT_EQ(s.node(1).outputs.size(), 2u);
  EXPECT_EQ(std::get<Counted>(s.node(1).outputs[1]).count, 2u);
}

TEST(Bfs, StopsAtTheStateBound) {
  Fixture f({.nodes = 3, .faults = {.duplicates = 2}});
  const Result r = bfs(f.explorer, {}, {}, {.depth = 30, .states = 50});
  EXPECT_EQ(r.verdict, Verdict::kStopped);
  EXPECT_LE(r.states, 60u);
}

TEST(Probe, RandomWalksFindTheRetryBugReproducibly) {
  Fixture a({.nodes = 2});
  Fixture b({.nodes = 2});
  const Result ra = probe(a.explorer, {at_most_once()}, {}, {.walks = 200, .depth = 10, .seed = 7});
  const Result rb = probe(b.explorer, {at_most_once()}, {}, {.walks = 200, .depth = 10, .seed = 7});
  ASSERT_EQ(ra.verdict, Verdict::kViolation) << ra.summary();
  EXPECT_EQ(ra.walk_seed, rb.walk_seed);
  EXPECT_EQ(ra.path, rb.path);
}

TEST(Explorer, RejectsInputsToMissingNodes) {
  engine::InProcessEngine<CounterNode> engine;
  const Model<Toy> bad{.nodes = 2, .inputs = {{.to = 3, .msg = Inc{}}}};
  EXPECT_THROW(Explorer<Toy>(engine, bad), std::invalid_argument);
}

TEST(Report, AViolationFailsWithTheShortestTrace) {
  Fixture f({.nodes = 2});
  const Result r = bfs(f.explorer, {at_most_once()}, {}, {.depth = 6});
  const auto verdict = expect_safe(f.explorer, r, {.property = "at most once", .search = "BFS"});
  ASSERT_FALSE(verdict);
  const std::string text = verdict.message();
  EXPECT_NE(text.find("at-most-once: n1 counted 2 times"), std::string::npos) << text;
  EXPECT_NE(text.find("replay:"), std::string::npos) << text;
}

}  // namespace
}  // namespace dslab::mc
