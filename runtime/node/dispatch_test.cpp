// Tests of typed dispatch: each alternative reaches its own handler overload; whole-variant
// handlers (runtime wrappers) still work.
#include "runtime/node/dispatch.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dslab::node {
namespace {

struct Ping {
  int n = 0;
  DSLAB_STATE(Ping, n)
};
struct Pong {
  int n = 0;
  DSLAB_STATE(Pong, n)
};
struct Tick {
  DSLAB_STATE(Tick)
};
struct Tock {
  DSLAB_STATE(Tock)
};
struct Noted {
  std::string what;
  DSLAB_STATE(Noted, what)
};
struct P {
  using Message = std::variant<Ping, Pong>;
  using Timer = std::variant<Tick, Tock>;
  using Output = std::variant<Noted>;
};

// One handler per type, as a student writes them.
struct TypedNode {
  using Protocol = P;
  std::vector<std::string> calls;
  void on_start(Context<P>&) {}
  void on(Context<P>& ctx, NodeId from, const Ping& m) {
    calls.push_back("ping " + std::to_string(m.n) + " from " + std::to_string(from));
    ctx.send(from, Pong{m.n});
  }
  void on(Context<P>&, NodeId from, const Pong& m) {
    calls.push_back("pong " + std::to_string(m.n) + " from " + std::to_string(from));
  }
  void on(Context<P>&, const Tick&) { calls.push_back("tick"); }
  void on(Context<P>&, const Tock&) { calls.push_back("tock"); }
};

// A wrapper taking the whole variant (what runtime adapters and test hosts do).
struct WholeNode {
  using Protocol = P;
  int messages = 0;
  int timers = 0;
  void on_start(Context<P>&) {}
  void on_message(Context<P>&, NodeId, const P::Message&) { ++messages; }
  void on_timer(Context<P>&, const P::Timer&) { ++timers; }
};

struct Fixture {
  std::vector<NodeId> nodes{1, 2};
  random::Rng rng{1};
  TimerId next_timer = 1;
  StorageMap storage;
  Effects<P> effects;
  EventScope<P> scope{1, nodes, 0, &rng, &next_timer, &storage, &effects};
  Context<P> ctx{scope};
};

TEST(Dispatch, EachMessageTypeReachesItsOwnHandler) {
  Fixture f;
  TypedNode node;
  deliver<P>(node, f.ctx, 2, P::Message{Ping{4}});
  deliver<P>(node, f.ctx, 2, P::Message{Pong{5}});
  EXPECT_EQ(node.calls, (std::vector<std::string>{"ping 4 from 2", "pong 5 from 2"}));
  ASSERT_EQ(f.effects.size(), 1U);
  EXPECT_EQ(std::get<Send<P>>(f.effects[0]).msg, P::Message{Pong{4}});
}

TEST(Dispatch, EachTimerTypeReachesItsOwnHandler) {
  Fixture f;
  TypedNode node;
  fire<P>(node, f.ctx, P::Timer{Tock{}});
  fire<P>(node, f.ctx, P::Timer{Tick{}});
  EXPECT_EQ(node.calls, (std::vector<std::string>{"tock", "tick"}));
}

TEST(Dispatch, WholeVariantHandlersAreCalledUnchanged) {
  Fixture f;
  WholeNode node;
  deliver<P>(node, f.ctx, 2, P::Message{Pong{1}});
  fire<P>(node, f.ctx, P::Timer{Tick{}});
  EXPECT_EQ(node.messages, 1);
  EXPECT_EQ(node.timers, 1);
}

static_assert(HandlesMessage<TypedNode, P, Ping> && HandlesMessage<TypedNode, P, Pong>);
static_assert(HandlesTimer<TypedNode, P, Tick> && !HandlesMessage<WholeNode, P, Ping>);

}  // namespace
}  // namespace dslab::node
