// Lab 3: the Paxos node, which wires proposer, acceptor and learner to the node context,
// the leader detector's notifications and the clients.
#pragma once

#include <optional>

#include "acceptor.hpp"
#include "labs/lab3-paxos/api/protocol.hpp"
#include "learner.hpp"
#include "proposer.hpp"
#include "runtime/node/context.hpp"

namespace lab3 {

/// One Paxos node: every node is proposer, acceptor and learner. It proposes only while it
/// believes itself leader (Leader{self} was its last notification) and holds a client value.
/// Acceptor state and the decision survive crashes (stable storage); everything else is lost.
/// Not thread-safe.
class PaxosNode {
 public:
  using Protocol = lab3::Protocol;
  using Context = dslab::node::Context<Protocol>;

  /// Reloads stable state (if a message did not already make it do so) and arms the progress
  /// timer.
  void on_start(Context& ctx);
  void on_message(Context& ctx, NodeId from, const Protocol::Message& msg);
  void on_timer(Context& ctx, const Protocol::Timer& timer);

 private:
  void on_client(Context& ctx, const ClientRequest& request);
  void on_leader(Context& ctx, const Leader& leader);
  void on_prepare(Context& ctx, NodeId from, const Prepare& prepare);
  void on_promise(Context& ctx, NodeId from, const Promise& promise);
  void on_accept(Context& ctx, NodeId from, const Accept& accept);
  void on_accepted(Context& ctx, NodeId from, const Accepted& accepted);
  void on_query(Context& ctx, NodeId from);
  void on_progress(Context& ctx);
  /// Starts a round if this node should propose and is not already doing so.
  void maybe_propose(Context& ctx, bool retry);
  /// Records and reports a decision (once), and stops proposing.
  void decide(Context& ctx, const Value& value);
  /// Builds the roles and reloads stable state, once per incarnation. The simulator may deliver
  /// a message before on_start (a node booting late, or restarted at the instant a message
  /// arrives), so every handler calls this first.
  void init(Context& ctx);
  void arm_timer(Context& ctx);
  bool leading(const Context& ctx) const { return leader_ == ctx.self(); }

  Proposer proposer_;
  Acceptor acceptor_;
  Learner learner_;
  NodeId leader_ = 0;
  std::optional<Value> client_value_;
  bool initialized_ = false;
  DSLAB_STATE(PaxosNode, proposer_, acceptor_, learner_, leader_, client_value_, initialized_)
};

}  // namespace lab3
