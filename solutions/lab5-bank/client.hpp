// Lab 5: the client library, pure: one request outstanding, retried on a timeout, sent to the
// leader a Redirect names, else to the replicas in turn. The caller does the I/O and the clock.
#pragma once

#include <cstdint>
#include <optional>

#include "labs/lab5-bank/api/protocol.hpp"

namespace lab5 {

/// A bank client of replicas 1..replicas. Not thread-safe.
class BankClient {
 public:
  /// A request to send: `request` to replica `to`.
  struct Send {
    NodeId to = 0;
    ClientRequest request;
  };

  /// Client `id` (>= 1); a request unanswered for `timeout` is sent again to the next replica.
  BankClient(std::int32_t id, int replicas, Duration timeout);

  /// Starts `op` as the next request (a new sequence number) at time `now`: returns the first
  /// send, to the replica believed to lead. Precondition: !busy().
  Send call(const Operation& op, dslab::Time now);
  /// A reply from any replica: the result if it answers the outstanding request (then the
  /// client is idle), else nothing (a late or duplicate answer).
  std::optional<Result> on_reply(const Reply& reply);
  /// A redirect from replica `from`: the send to the leader it names (the next replica in turn
  /// when it names nobody or itself), or nothing if it is not about the outstanding request.
  std::optional<Send> on_redirect(NodeId from, const Redirect& redirect, dslab::Time now);
  /// Called whenever the caller likes: the resend to the next replica in turn once the
  /// outstanding request has waited `timeout` since its latest send, else nothing.
  std::optional<Send> on_tick(dslab::Time now);

  bool busy() const { return pending_.has_value(); }
  /// The replica the client sends to next (its guess of the leader).
  NodeId target() const { return target_; }

 private:
  Send send(dslab::Time now);

  std::int32_t id_ = 0;
  int replicas_ = 1;
  Duration timeout_ = 0;
  std::uint64_t seq_ = 0;
  NodeId target_ = 1;
  std::optional<Command> pending_;
  dslab::Time sent_at_ = 0;
};

}  // namespace lab5
