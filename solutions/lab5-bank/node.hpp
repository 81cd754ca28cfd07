// Lab 5: the bank replica, a state machine on the replicated log: it proposes clients' commands
// (batched), executes decided slots in slot order exactly once per request, and replies.
#pragma once

#include <map>
#include <vector>

#include "bank.hpp"
#include "client_table.hpp"
#include "labs/lab5-bank/api/protocol.hpp"
#include "runtime/node/context.hpp"

namespace lab5 {

/// One bank replica on the log interface: output Propose is the log's propose(batch), message
/// Decided its on_decided(slot, batch), message Leader its leader hint. Keeps nothing in stable
/// storage: after a restart the log delivers every decided slot again. Not thread-safe.
class Replica {
 public:
  using Protocol = lab5::Protocol;
  using Context = dslab::node::Context<Protocol>;

  void on_start(Context& ctx);
  /// The leader batches a new request (or answers a retry from the reply cache); any other
  /// replica redirects it to the leader it believes in.
  void on(Context& ctx, NodeId from, const ClientRequest& request);
  /// Buffers the slot; executes every slot that is now next in order.
  void on(Context& ctx, NodeId from, const Decided& decided);
  void on(Context& ctx, NodeId from, const Leader& leader);
  void on(Context& ctx, NodeId from, const Configure& configure);
  /// The batch delay is over: propose what waits.
  void on(Context& ctx, const Flush& timer);

 private:
  bool leads(const Context& ctx) const { return leader_ == ctx.self(); }
  void execute(Context& ctx, Slot slot, const Batch& batch);
  void propose(Context& ctx);

  // Replicated state: the same at every replica that executed the same prefix of the log.
  Bank bank_;
  ClientTable clients_;
  Slot next_ = 1;                  ///< the next slot to execute
  std::map<Slot, Batch> waiting_;  ///< decided slots after next_, not yet executable
  // This replica's own state.
  NodeId leader_ = 0;
  Configure config_;
  std::vector<Command> batch_;     ///< requests waiting for a batch (leader only)
  bool flush_armed_ = false;
  DSLAB_STATE(Replica, bank_, clients_, next_, waiting_, leader_, config_, batch_, flush_armed_)
};

}  // namespace lab5
