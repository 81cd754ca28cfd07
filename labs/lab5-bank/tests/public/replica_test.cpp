// Lab 5 public tests: the replica on the log interface, as replica n1 of 3: redirects, proposals
// and batching, execution in slot order with no-ops, and exactly-once execution with the reply
// cache (the client dedup table).
#include <gtest/gtest.h>

#include "labs/lab5-bank/tests/public/public_common.hpp"

namespace lab5::table {
namespace {

using dslab::msec;

Command cmd(std::int32_t client, std::uint64_t seq, Operation op) {
  return Command{client, seq, std::move(op)};
}
ClientRequest request(const Command& c) { return ClientRequest{c}; }
Propose propose(std::vector<Command> commands) { return Propose{Batch{std::move(commands)}}; }
Decided decided(Slot slot, std::vector<Command> commands) {
  return Decided{slot, Batch{std::move(commands)}};
}

TEST(Replica, NonLeaderRedirectsToTheLeaderItBelievesIn) {
  Table node(1, 3);
  const Command c = cmd(4, 1, deposit("a", 5));
  node.run({
      {.what = "no leader known yet", .input = env(request(c)),
       .outputs = Outputs{Redirect{4, 1, 0}}},
      {.what = "told n2 leads", .input = env(Leader{2}), .outputs = Outputs{}},
      {.what = "redirect to n2", .input = env(request(c)), .outputs = Outputs{Redirect{4, 1, 2}}},
      {.what = "told n3 leads", .input = env(Leader{3}), .outputs = Outputs{}},
      {.what = "redirect to the latest leader it was told of", .input = env(request(c)),
       .outputs = Outputs{Redirect{4, 1, 3}}},
  });
}

TEST(Replica, LeaderProposesEachRequestAndRepliesWhenItExecutes) {
  Table node(1, 3);
  const Command c = cmd(4, 1, deposit("a", 5));
  node.run({
      {.what = "told it leads", .input = env(Leader{1}), .outputs = Outputs{}},
      {.what = "no batching: proposed at once", .input = env(request(c)),
       .outputs = Outputs{propose({c})}},
      {.what = "decided: executed and answered", .input = env(decided(1, {c})),
       .outputs = Outputs{Executed{1, c, ok(5)}, Reply{4, 1, ok(5)}}},
  });
}

TEST(Replica, ExecutesDecidedSlotsInSlotOrderOnceWithNoops) {
  Table node(1, 3);
  const Command c1 = cmd(1, 1, deposit("a", 10));
  const Command c2 = cmd(2, 1, withdraw("a", 4));
  const Command c3 = cmd(1, 2, balance("a"));
  node.run({
      {.what = "told n2 leads", .input = env(Leader{2}), .outputs = Outputs{}},
      {.what = "slot 3 first: it waits", .input = env(decided(3, {c2})), .outputs = Outputs{}},
      {.what = "slot 2 (a no-op): still waits for slot 1", .input = env(noop_slot(2)),
       .outputs = Outputs{}},
      {.what = "slot 1: slots 1, 2 (nothing to run) and 3 execute in order",
       .input = env(decided(1, {c1})),
       .outputs = Outputs{Executed{1, c1, ok(10)}, Executed{3, c2, ok(6)}}},
      {.what = "slot 3 again: executed already", .input = env(decided(3, {c2})),
       .outputs = Outputs{}},
      {.what = "slot 1 again", .input = env(decided(1, {c1})), .outputs = Outputs{}},
      {.what = "slot 4", .input = env(decided(4, {c3})), .outputs = Outputs{Executed{4, c3, ok(6)}}},
      {.what = "crash and restart: the log will send every slot again", .input = Restart{}},
      {.what = "slot 1 after the restart runs again on the fresh state",
       .input = env(decided(1, {c1})), .outputs = Outputs{Executed{1, c1, ok(10)}}},
  });
}

TEST(Dedup, RetryOfAnExecutedRequestIsAnsweredFromTheReplyCache) {
  Table node(1, 3);
  const Command c = cmd(7, 1, deposit("a", 5));
  node.run({
      {.what = "told it leads", .input = env(Leader{1}), .outputs = Outputs{}},
      {.what = "request proposed", .input = env(request(c)), .outputs = Outputs{propose({c})}},
      {.what = "a retry before the decision is proposed again (the log may have lost it)",
       .input = env(request(c)), .outputs = Outputs{propose({c})}},
      {.what = "decided: executed and answered", .input = env(decided(1, {c})),
       .outputs = Outputs{Executed{1, c, ok(5)}, Reply{7, 1, ok(5)}}},
      {.what = "the retry decided too: not executed again, answered again",
       .input = env(decided(2, {c})), .outputs = Outputs{Reply{7, 1, ok(5)}}},
      {.what = "a retry now: answered from the reply cache, not proposed",
       .input = env(request(c)), .outputs = Outputs{Reply{7, 1, ok(5)}}},
  });
}

TEST(Dedup, StaleRetryOfAnOlderRequestNeverRuns) {
  Table node(1, 3);
  const Command first = cmd(7, 1, deposit("a", 5));
  const Command second = cmd(7, 2, withdraw("a", 5));
  node.run({
      {.what = "told n2 leads", .input = env(Leader{2}), .outputs = Outputs{}},
      {.what = "request 1", .input = env(decided(1, {first})),
       .outputs = Outputs{Executed{1, first, ok(5)}}},
      {.what = "request 2", .input = env(decided(2, {second})),
       .outputs = Outputs{Executed{2, second, ok(0)}}},
      {.what = "a late copy of request 1: older than the latest, never runs",
       .input = env(decided(3, {first})), .outputs = Outputs{}},
      {.what = "another client's request 1 is its own", .input = env(decided(4, {cmd(8, 1, balance("a"))})),
       .outputs = Outputs{Executed{4, cmd(8, 1, balance("a")), ok(0)}}},
  });
}

TEST(Dedup, ReplyCacheIsReplicatedStateAndSurvivesALeaderChange) {
  Table node(1, 3);
  const Command c = cmd(7, 1, deposit("a", 5));
  node.run({
      {.what = "told n2 leads", .input = env(Leader{2}), .outputs = Outputs{}},
      {.what = "n2's proposal decided: n1 executes it too, no reply",
       .input = env(decided(1, {c})), .outputs = Outputs{Executed{1, c, ok(5)}}},
      {.what = "n1 now leads", .input = env(Leader{1}), .outputs = Outputs{}},
      {.what = "the client retries at n1: answered from the cache, not run again",
       .input = env(request(c)), .outputs = Outputs{Reply{7, 1, ok(5)}}},
  });
}

TEST(Replica, BatchesUpToTheBatchSizeOrTheBatchDelay) {
  Table node(1, 3);
  const Command a = cmd(1, 1, deposit("a", 1));
  const Command b = cmd(2, 1, deposit("b", 2));
  const Command c = cmd(3, 1, deposit("c", 3));
  const Command d = cmd(4, 1, balance("a"));
  node.run({
      {.what = "batches of 3, waiting at most 5 ms", .input = env(Configure{3, msec(5)}),
       .outputs = Outputs{}},
      {.what = "told it leads", .input = env(Leader{1}), .outputs = Outputs{}},
      {.what = "first request waits, the batch timer is set", .input = env(request(a)),
       .outputs = Outputs{}, .timers = std::vector<dslab::Duration>{msec(5)}},
      {.what = "second waits", .input = env(request(b)), .outputs = Outputs{}},
      {.what = "third fills the batch: proposed together", .input = env(request(c)),
       .outputs = Outputs{propose({a, b, c})}},
      {.what = "the batch is decided in one slot", .input = env(decided(1, {a, b, c})),
       .outputs = Outputs{Executed{1, a, ok(1)}, Reply{1, 1, ok(1)}, Executed{1, b, ok(2)},
                          Reply{2, 1, ok(2)}, Executed{1, c, ok(3)}, Reply{3, 1, ok(3)}}},
      {.what = "one more request waits", .input = env(request(d)), .outputs = Outputs{}},
      {.what = "the batch timer proposes what waits", .input = FireTimer{},
       .outputs = Outputs{propose({d})}},
  });
}

}  // namespace
}  // namespace lab5::table
