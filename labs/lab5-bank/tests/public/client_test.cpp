// Lab 5 local test of the client library (client.hpp): one request outstanding, redirects
// followed, the next replica in turn on a timeout. Not graded (graded binaries link no student
// code); it checks the library your real runs use.
#include "client.hpp"

#include <gtest/gtest.h>

namespace lab5 {
namespace {

using dslab::msec;

TEST(BankClient, OneRequestOutstandingRetriedAtTheNextReplicaAfterTheTimeout) {
  BankClient client(7, 3, msec(20));
  const Operation op{kDeposit, "a", "", 5};
  const auto first = client.call(op, 0);
  EXPECT_EQ(first.to, 1);
  EXPECT_EQ(first.request.command, (Command{7, 1, op}));
  EXPECT_TRUE(client.busy());
  EXPECT_FALSE(client.on_tick(msec(19)).has_value()) << "not yet timed out";
  const auto retry = client.on_tick(msec(20));
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->to, 2);
  EXPECT_EQ(retry->request.command, (Command{7, 1, op})) << "a retry repeats client, seq and op";
  EXPECT_FALSE(client.on_reply(Reply{7, 2, {}}).has_value()) << "another request's reply";
  EXPECT_FALSE(client.on_reply(Reply{8, 1, {}}).has_value()) << "another client's reply";
  const auto result = client.on_reply(Reply{7, 1, Result{true, 5, ""}});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->balance, 5);
  EXPECT_FALSE(client.busy());
  EXPECT_EQ(client.call(op, msec(30)).request.command.seq, 2u) << "the next request, seq 2";
}

TEST(BankClient, FollowsRedirectsElseTriesTheNextReplica) {
  BankClient client(7, 3, msec(20));
  client.call(Operation{kBalance, "a", "", 0}, 0);
  const auto to_leader = client.on_redirect(1, Redirect{7, 1, 3}, msec(1));
  ASSERT_TRUE(to_leader.has_value());
  EXPECT_EQ(to_leader->to, 3);
  const auto nobody = client.on_redirect(3, Redirect{7, 1, 0}, msec(2));
  ASSERT_TRUE(nobody.has_value());
  EXPECT_EQ(nobody->to, 1) << "no leader named: the next replica after n3 is n1";
  const auto itself = client.on_redirect(1, Redirect{7, 1, 1}, msec(3));
  ASSERT_TRUE(itself.has_value());
  EXPECT_EQ(itself->to, 2) << "a redirect to itself is like no leader";
  EXPECT_FALSE(client.on_redirect(2, Redirect{7, 9, 3}, msec(4)).has_value()) << "stale";
  EXPECT_EQ(client.target(), 2);
}

}  // namespace
}  // namespace lab5
