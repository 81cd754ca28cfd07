// Tests of the node contract: the context records effects in order, storage reads its writes.
#include "runtime/node/context.hpp"

#include <gtest/gtest.h>

namespace dslab::node {
namespace {

struct Hello {
  int n = 0;
  DSLAB_STATE(Hello, n)
};
struct Wake {
  DSLAB_STATE(Wake)
};
struct Said {
  std::string text;
  DSLAB_STATE(Said, text)
};
struct P {
  using Message = std::variant<Hello>;
  using Timer = std::variant<Wake>;
  using Output = std::variant<Said>;
};

struct Fixture {
  std::vector<NodeId> nodes{1, 2, 3};
  random::Rng rng{1};
  TimerId next_timer = 7;
  StorageMap storage;
  Effects<P> effects;
  EventScope<P> scope() {
    return EventScope<P>{2, nodes, msec(5), &rng, &next_timer, &storage, &effects};
  }
};

TEST(Context, RecordsEffectsInCallOrder) {
  Fixture f;
  const auto scope = f.scope();
  Context<P> ctx(scope);
  EXPECT_EQ(ctx.self(), 2);
  EXPECT_EQ(ctx.now(), msec(5));
  EXPECT_EQ(ctx.cluster_size(), 3);
  ctx.send(3, Hello{1});
  const TimerId t = ctx.set_timer(msec(10), Wake{});
  ctx.cancel_timer(t);
  ctx.output(Said{"hi"});
  ctx.logf("x={}", 4);
  ASSERT_EQ(f.effects.size(), 5u);
  EXPECT_EQ(std::get<Send<P>>(f.effects[0]).to, 3);
  EXPECT_EQ(std::get<SetTimer<P>>(f.effects[1]).id, 7u);
  EXPECT_EQ(std::get<SetTimer<P>>(f.effects[1]).after, msec(10));
  EXPECT_EQ(std::get<CancelTimer>(f.effects[2]).id, 7u);
  EXPECT_EQ(std::get<Emit<P>>(f.effects[3]).output, P::Output{Said{"hi"}});
  EXPECT_EQ(std::get<Log>(f.effects[4]).text, "x=4");
  EXPECT_EQ(f.next_timer, 8u);
}

TEST(Context, BroadcastIncludesSelfAndSendToOthersDoesNot) {
  Fixture f;
  const auto scope = f.scope();
  Context<P> ctx(scope);
  ctx.broadcast(Hello{1});
  EXPECT_EQ(f.effects.size(), 3u);
  f.effects.clear();
  ctx.send_to_others(Hello{1});
  ASSERT_EQ(f.effects.size(), 2u);
  EXPECT_EQ(std::get<Send<P>>(f.effects[0]).to, 1);
  EXPECT_EQ(std::get<Send<P>>(f.effects[1]).to, 3);
}

TEST(Context, StorageReadsItsOwnWritesAndRecordsThem) {
  Fixture f;
  const auto scope = f.scope();
  Context<P> ctx(scope);
  EXPECT_FALSE(ctx.storage().get<int>("round").has_value());
  ctx.storage().put("round", 12);
  EXPECT_EQ(ctx.storage().get<int>("round"), 12);
  ctx.storage().erase("round");
  EXPECT_FALSE(ctx.storage().contains("round"));
  ASSERT_EQ(f.effects.size(), 2u);
  StorageMap replica;
  for (const auto& e : f.effects) apply_write(replica, std::get<StorageWrite>(e));
  EXPECT_EQ(replica, f.storage);
}

TEST(Context, StorageTypeMismatchIsADecodeErrorNotGarbage) {
  Fixture f;
  const auto scope = f.scope();
  Context<P> ctx(scope);
  ctx.storage().put("v", std::string("abc"));
  EXPECT_THROW(ctx.storage().get<std::int64_t>("v"), codec::DecodeError);
}

TEST(Context, NegativeTimerDelayIsClampedToZero) {
  Fixture f;
  const auto scope = f.scope();
  Context<P> ctx(scope);
  ctx.set_timer(-5, Wake{});
  EXPECT_EQ(std::get<SetTimer<P>>(f.effects[0]).after, 0);
}

TEST(Time, FormatsMilliseconds) {
  EXPECT_EQ(format_time(41200), "41.200ms");
  EXPECT_EQ(format_time(0), "0.000ms");
  EXPECT_EQ(format_time(-1500), "-1.500ms");
}

}  // namespace
}  // namespace dslab::node
