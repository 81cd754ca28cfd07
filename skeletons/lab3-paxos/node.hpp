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

  /// Builds the roles for this cluster, reloads stable state (acceptor, decision) and arms the
  /// progress timer. The simulator delivers nothing to a node before its on_start.
  void on_start(Context& ctx);
  // One handler per message type (typed dispatch: runtime/node/dispatch.hpp).
  void on(Context& ctx, NodeId from, const ClientRequest& request);
  void on(Context& ctx, NodeId from, const Leader& leader);
  void on(Context& ctx, NodeId from, const Prepare& prepare);
  void on(Context& ctx, NodeId from, const Promise& promise);
  void on(Context& ctx, NodeId from, const Accept& accept);
  void on(Context& ctx, NodeId from, const Accepted& accepted);
  void on(Context& ctx, NodeId from, const Nack& nack);
  void on(Context& ctx, NodeId from, const Query& query);
  void on(Context& ctx, NodeId from, const Chosen& chosen);
  /// The progress timer: retry (leader) or ask the others for a decision.
  void on(Context& ctx, const Progress& timer);

 private:
  // Add the private helpers you want (the reference solution has a few: propose, decide, ...).
  bool leading(const Context& ctx) const { return leader_ == ctx.self(); }

  Proposer proposer_;
  Acceptor acceptor_;
  Learner learner_;
  NodeId leader_ = 0;
  std::optional<Value> client_value_;
  DSLAB_STATE(PaxosNode, proposer_, acceptor_, learner_, leader_, client_value_)
};

}  // namespace lab3
