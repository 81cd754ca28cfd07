// Lab 4: the replica, which wires acceptor, proposer and learner to the node context, the
// leader detector's notifications, the clients and catch-up.
#pragma once

#include "acceptor.hpp"
#include "labs/lab4-multipaxos/api/protocol.hpp"
#include "learner.hpp"
#include "proposer.hpp"
#include "runtime/node/context.hpp"

namespace lab4 {

/// One Multi-Paxos replica: acceptor, learner, and proposer while it believes itself leader
/// (Leader{self} was its last notification). It delivers decided slots in order, each once
/// over the whole run. Acceptor state, decisions and the delivery point survive crashes
/// (stable storage); everything else is lost. Not thread-safe.
class Replica {
 public:
  using Protocol = lab4::Protocol;
  using Context = dslab::node::Context<Protocol>;

  /// Builds the roles, reloads stable state, delivers what was decided but not delivered
  /// before a crash, and arms the Tick timer.
  void on_start(Context& ctx);
  // One handler per message type (typed dispatch: runtime/node/dispatch.hpp).
  void on(Context& ctx, NodeId from, const ClientRequest& request);
  void on(Context& ctx, NodeId from, const Leader& leader);
  void on(Context& ctx, NodeId from, const Prepare& prepare);
  void on(Context& ctx, NodeId from, const Promise& promise);
  void on(Context& ctx, NodeId from, const Accept& accept);
  void on(Context& ctx, NodeId from, const Learn& learn);
  void on(Context& ctx, NodeId from, const Reject& reject);
  void on(Context& ctx, NodeId from, const CatchUp& catch_up);
  void on(Context& ctx, NodeId from, const Decisions& decisions);
  /// The Tick timer: the leader retries phase 1 or resends undecided slots; every replica asks
  /// a peer for decided slots it may lack.
  void on(Context& ctx, const Tick& timer);

 private:
  bool believes_leader(const Context& ctx) const { return leader_ == ctx.self(); }
  /// Records a new decision (stable storage), lets the proposer fill its window, and delivers
  /// what is now in order.
  void decided(Context& ctx, const Decision& decision);
  void deliver(Context& ctx);
  void send_all(Context& ctx, const std::vector<Accept>& accepts);
  void arm_timer(Context& ctx);

  Acceptor acceptor_;
  Proposer proposer_;
  Learner learner_;
  NodeId leader_ = 0;
  DSLAB_STATE(Replica, acceptor_, proposer_, learner_, leader_)
};

}  // namespace lab4
