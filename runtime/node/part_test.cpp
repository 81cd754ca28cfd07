// Tests of composition (Part): a part's sends, timers, storage and outputs land in its parent's
// event, mapped through the parent's wrappers.
#include "runtime/node/part.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dslab::node {
namespace {

// The part: a counter that echoes Hello, counts in storage and reports every tenth.
struct Hello {
  int n = 0;
  DSLAB_STATE(Hello, n)
};
struct Beat {
  DSLAB_STATE(Beat)
};
struct Tenth {
  int count = 0;
  DSLAB_STATE(Tenth, count)
};
struct ChildP {
  using Message = std::variant<Hello>;
  using Timer = std::variant<Beat>;
  using Output = std::variant<Tenth>;
};
struct Counter {
  using Protocol = ChildP;
  int count = 0;
  TimerId beat = 0;
  DSLAB_STATE(Counter, count, beat)
  void on_start(Context<ChildP>& ctx) {
    count = ctx.storage().get<int>("count").value_or(0);
    beat = ctx.set_timer(msec(10), Beat{});
  }
  void on(Context<ChildP>& ctx, NodeId from, const Hello& m) {
    ctx.send(from, Hello{m.n + 1});
    ctx.storage().put("count", ++count);
    if (count % 10 == 0) ctx.output(Tenth{count});
  }
  void on(Context<ChildP>& ctx, const Beat&) {
    ctx.cancel_timer(beat);
    ctx.log("beat");
  }
};

// The parent's protocol carries the part's messages and timers in wrappers.
struct CounterMsg {
  ChildP::Message inner;
  DSLAB_STATE(CounterMsg, inner)
};
struct CounterTimer {
  ChildP::Timer inner;
  DSLAB_STATE(CounterTimer, inner)
};
struct Said {
  int count = 0;
  DSLAB_STATE(Said, count)
};
struct ParentP {
  using Message = std::variant<CounterMsg>;
  using Timer = std::variant<CounterTimer>;
  using Output = std::variant<Said>;
};
struct CounterInParent {
  using Parent = ParentP;
  using Child = ChildP;
  static constexpr std::string_view storage_prefix = "counter/";
  static Parent::Message message(Child::Message m) { return CounterMsg{std::move(m)}; }
  static Parent::Timer timer(Child::Timer t) { return CounterTimer{std::move(t)}; }
};
using CounterPart = Part<CounterInParent>;

struct Fixture {
  std::vector<NodeId> nodes{1, 2, 3};
  random::Rng rng{1};
  TimerId next_timer = 5;
  StorageMap storage;
  Effects<ParentP> effects;
  EventScope<ParentP> scope{2, nodes, msec(1), &rng, &next_timer, &storage, &effects};
  Context<ParentP> ctx{scope};
  std::vector<int> outputs;
  auto on_output() {
    return [this](Context<ParentP>& c, const ChildP::Output& o) {
      outputs.push_back(std::get<Tenth>(o).count);
      c.output(Said{std::get<Tenth>(o).count});
    };
  }
};

TEST(Part, SendsAndTimersAreWrappedIntoTheParentsProtocol) {
  Fixture f;
  Counter counter;
  CounterPart::start(counter, f.ctx, f.on_output());
  CounterPart::deliver(counter, f.ctx, 3, ChildP::Message{Hello{1}}, f.on_output());
  ASSERT_EQ(f.effects.size(), 3U);
  const auto& timer = std::get<SetTimer<ParentP>>(f.effects[0]);
  EXPECT_EQ(timer.id, 5);  // ids come from the parent's counter: cancel_timer works
  EXPECT_EQ(timer.timer, ParentP::Timer{CounterTimer{Beat{}}});
  EXPECT_EQ(f.next_timer, 6);
  const auto& send = std::get<Send<ParentP>>(f.effects[1]);
  EXPECT_EQ(send.to, 3);
  EXPECT_EQ(send.msg, ParentP::Message{CounterMsg{Hello{2}}});
  EXPECT_EQ(std::get<StorageWrite>(f.effects[2]).key, "counter/count");
}

TEST(Part, StorageIsPrefixedAndSeenAgainAfterARestart) {
  Fixture f;
  f.storage["count"] = codec::encode(99);  // the parent's own key: invisible to the part
  Counter counter;
  CounterPart::start(counter, f.ctx, f.on_output());
  EXPECT_EQ(counter.count, 0);
  CounterPart::deliver(counter, f.ctx, 1, ChildP::Message{Hello{0}}, f.on_output());
  EXPECT_EQ(codec::decode<int>(f.storage.at("counter/count")), 1);
  Counter restarted;  // a crash loses the object, not the storage
  CounterPart::start(restarted, f.ctx, f.on_output());
  EXPECT_EQ(restarted.count, 1);
  EXPECT_EQ(codec::decode<int>(f.storage.at("count")), 99);
}

TEST(Part, OutputsGoToTheParentWhichDecides) {
  Fixture f;
  Counter counter;
  for (int i = 0; i < 10; ++i) CounterPart::deliver(counter, f.ctx, 1, ChildP::Message{Hello{i}}, f.on_output());
  EXPECT_EQ(f.outputs, std::vector<int>{10});
  ASSERT_FALSE(f.effects.empty());
  EXPECT_EQ(std::get<Emit<ParentP>>(f.effects.back()).output, ParentP::Output{Said{10}});
}

TEST(Part, TimersCancelAndLogPassThrough) {
  Fixture f;
  Counter counter;
  CounterPart::start(counter, f.ctx, f.on_output());
  CounterPart::fire(counter, f.ctx, ChildP::Timer{Beat{}}, f.on_output());
  ASSERT_EQ(f.effects.size(), 3U);
  EXPECT_EQ(std::get<CancelTimer>(f.effects[1]).id, 5);
  EXPECT_EQ(std::get<Log>(f.effects[2]).text, "beat");
}

}  // namespace
}  // namespace dslab::node
