// Lab 5 on real processes (trusted wiring, compiled only into bin/lab5_node): one node made of
// two parts (runtime/node/part.hpp), the student's bank replica (lab 5) and, as the log under
// it, the student's Multi-Paxos replica (lab 4) from the same student-source tree. The wiring
// turns the bank's Propose(batch) into a lab 4 client command, the log's Delivered(slot) into
// the bank's Decided(slot, batch), and the runtime detector's leader into both parts' hints.
//
// Lab 4 delivers each slot once over the whole run, while the bank replica keeps nothing and
// expects every decided slot again after a restart (api/protocol.hpp): so the node keeps the
// delivered batches in its own stable storage (key "decided/<slot>", written in the same event
// as the log's delivery point) and replays them to the bank replica when it starts.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Both labs name their node header node.hpp; CMake passes each lab's path (its student folder).
#include DSLAB_LAB4_NODE_HEADER
#include DSLAB_LAB5_NODE_HEADER
#include "labs/lab5-bank/real/wire.hpp"
#include "runtime/codec/wire.hpp"
#include "runtime/node/part.hpp"

namespace lab5::real {

/// How the log (lab 4's replica) sits in the bank node.
struct LogInNode {
  using Parent = real::Protocol;
  using Child = lab4::Protocol;
  static constexpr std::string_view storage_prefix = "log/";
  static Parent::Message message(Child::Message m) { return LogMessage{std::move(m)}; }
  static Parent::Timer timer(Child::Timer t) { return LogTimer{std::move(t)}; }
};
/// How the bank replica (lab 5's) sits in the bank node.
struct BankInNode {
  using Parent = real::Protocol;
  using Child = lab5::Protocol;
  static constexpr std::string_view storage_prefix = "bank/";
  static Parent::Message message(Child::Message m) { return BankMessage{std::move(m)}; }
  static Parent::Timer timer(Child::Timer t) { return BankTimer{std::move(t)}; }
};

/// A bank replica whose log is a Multi-Paxos replica. Not thread-safe.
class BankOverLog {
 public:
  using Protocol = real::Protocol;
  using Context = dslab::node::Context<Protocol>;
  using LogPart = dslab::node::Part<LogInNode>;
  using BankPart = dslab::node::Part<BankInNode>;

  /// A new epoch (stable), the bank replica, the replay of every batch delivered before, then
  /// the log (which reloads its own storage and may deliver more).
  void on_start(Context& ctx) {
    epoch_ = ctx.storage().get<std::uint64_t>("epoch").value_or(0) + 1;
    ctx.storage().put("epoch", epoch_);
    BankPart::start(bank_, ctx, bank_output());
    for (lab5::Slot slot = 1;; ++slot) {
      auto batch = ctx.storage().get<lab5::Batch>(decided_key(slot));
      if (!batch) break;
      to_bank(ctx, lab5::Decided{slot, std::move(*batch)});
    }
    LogPart::start(log_, ctx, log_output());
    settle(ctx);
  }
  void on(Context& ctx, dslab::NodeId from, const lab5::ClientRequest& m) {
    BankPart::deliver(bank_, ctx, from, m, bank_output());
    settle(ctx);
  }
  void on(Context& ctx, dslab::NodeId from, const lab5::Configure& m) {
    BankPart::deliver(bank_, ctx, from, m, bank_output());
    settle(ctx);
  }
  /// The runtime's leader detector: both parts learn the same leader at the same time.
  void on(Context& ctx, dslab::NodeId from, const lab4::Leader& m) {
    LogPart::deliver(log_, ctx, from, m, log_output());
    BankPart::deliver(bank_, ctx, from, lab5::Leader{m.leader}, bank_output());
    settle(ctx);
  }
  void on(Context& ctx, dslab::NodeId from, const LogMessage& m) {
    LogPart::deliver(log_, ctx, from, m.inner, log_output());
    settle(ctx);
  }
  void on(Context& ctx, dslab::NodeId from, const BankMessage& m) {
    BankPart::deliver(bank_, ctx, from, m.inner, bank_output());
    settle(ctx);
  }
  void on(Context& ctx, const LogTimer& t) {
    LogPart::fire(log_, ctx, t.inner, log_output());
    settle(ctx);
  }
  void on(Context& ctx, const BankTimer& t) {
    BankPart::fire(bank_, ctx, t.inner, bank_output());
    settle(ctx);
  }

 private:
  static std::string decided_key(lab5::Slot slot) { return "decided/" + std::to_string(slot); }

  /// The log's outputs: a delivered slot waits in `delivered_` until the log's handler is over
  /// (settle), so that one part's handler never runs inside the other's.
  std::function<void(Context&, const lab4::Protocol::Output&)> log_output() {
    return [this](Context&, const lab4::Protocol::Output& out) {
      if (const auto* d = std::get_if<lab4::Delivered>(&out)) delivered_.push_back(*d);
      // A Redirect answers a proposal made while the log had another leader: the proposal is
      // lost, as the bank's log interface allows; the clients retry.
    };
  }
  /// The bank's outputs: proposals wait in `proposals_`; answers to clients are the node's.
  std::function<void(Context&, const lab5::Protocol::Output&)> bank_output() {
    return [this](Context& ctx, const lab5::Protocol::Output& out) {
      if (const auto* p = std::get_if<lab5::Propose>(&out)) {
        proposals_.push_back(p->batch);
      } else if (const auto* reply = std::get_if<lab5::Reply>(&out)) {
        ctx.output(*reply);
      } else if (const auto* redirect = std::get_if<lab5::Redirect>(&out)) {
        ctx.output(*redirect);
      }
    };
  }

  /// Hands what one part produced to the other until neither has anything left.
  void settle(Context& ctx) {
    while (!delivered_.empty() || !proposals_.empty()) {
      auto delivered = std::exchange(delivered_, {});
      for (const auto& d : delivered) on_delivered(ctx, d);
      auto proposals = std::exchange(proposals_, {});
      for (auto& batch : proposals) propose(ctx, std::move(batch));
    }
  }

  /// Slot `d.slot` of the log: kept in stable storage, then decided for the bank.
  void on_delivered(Context& ctx, const lab4::Delivered& d) {
    lab5::Batch batch;
    if (!lab4::is_noop(d.command)) {
      try {
        const auto* bytes = reinterpret_cast<const std::byte*>(d.command.payload.data());
        batch = dslab::codec::decode<lab5::Batch>({bytes, d.command.payload.size()});
      } catch (const dslab::codec::DecodeError& e) {
        ctx.logf("slot {} holds a command that is not a bank batch ({}): a no-op", d.slot, e.what());
      }
    }
    ctx.storage().put(decided_key(d.slot), batch);
    to_bank(ctx, lab5::Decided{d.slot, std::move(batch)});
  }
  void to_bank(Context& ctx, const lab5::Decided& decided) {
    BankPart::deliver(bank_, ctx, dslab::kEnvironment, decided, bank_output());
  }

  /// The bank's propose(batch): one lab 4 command from client "this replica", numbered within
  /// this start's epoch, so that no two proposals ever look like retries of each other.
  void propose(Context& ctx, lab5::Batch batch) {
    const auto bytes = dslab::codec::encode(batch);
    lab4::Command command{.client = static_cast<std::int32_t>(ctx.self()),
                          .seq = (epoch_ << 32) | ++proposed_,
                          .payload = std::string(reinterpret_cast<const char*>(bytes.data()),
                                                 bytes.size())};
    LogPart::deliver(log_, ctx, dslab::kEnvironment, lab4::ClientRequest{std::move(command)},
                     log_output());
  }

  lab4::Replica log_;
  lab5::Replica bank_;
  std::uint64_t epoch_ = 0;     ///< starts of this node so far (stable)
  std::uint64_t proposed_ = 0;  ///< proposals in this epoch
  // Between a part's handler and settle() only; always empty between events.
  std::vector<lab4::Delivered> delivered_;
  std::vector<lab5::Batch> proposals_;
  DSLAB_STATE(BankOverLog, log_, bank_, epoch_, proposed_)
};

}  // namespace lab5::real
