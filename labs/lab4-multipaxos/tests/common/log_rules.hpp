// Lab 4 checker: the handout's local protocol rules of Multi-Paxos, checked on every message a
// replica sends and every output, from what that replica received, sent and (by the
// persist-before-answer rule) must have stored. Written from the handout, apart from the
// solution; observes messages, storage writes and outputs only, never a replica's memory.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "labs/lab4-multipaxos/api/protocol.hpp"
#include "runtime/sim/simulator.hpp"
#include "runtime/testing/incarnations.hpp"
#include "runtime/testing/observed_engine.hpp"
#include "runtime/testing/paxos_rules.hpp"

namespace lab4::checks {

using HandlerCall = dslab::labkit::HandlerCall<Protocol>;
using Sim = dslab::sim::Simulator<Protocol>;

/// The rules of the handout, one per way of breaking it (the message names the rule in words).
enum class Rule : std::uint8_t {
  // acceptor
  kPromiseAnswers,    ///< Promise(slot, r) only to a replica whose Prepare(slot, r) arrived
  kPromiseAbove,      ///< Promise(r) only for r above every round promised or accepted before
  kPromiseReports,    ///< a Promise lists exactly the accepted slots >= prepare.slot, ascending
  kAcceptAtOrAbove,   ///< a Learn only for a round at or above the promised one
  kLearnAnswers,      ///< Learn(slot, r, c) only for an Accept(slot, r, c) that arrived
  kLearnToAll,        ///< a Learn goes to every replica
  kRejectPromised,    ///< a Reject answers a refused Prepare/Accept with the promised round
  kPersistAcceptor,   ///< the handler that sends a Promise or Learn writes stable storage
  // proposer
  kOwnRounds,         ///< replica p of n uses only rounds p, p+n, p+2n, ...
  kLeaderOnly,        ///< Prepare/Accept only while the last Leader received names itself
  kNewRound,          ///< a new phase 1 in a round above every round used or seen
  kRoundAfterRestart, ///< after a restart, rounds above the promise reloaded from storage
  kPrepareSlot,       ///< phase 1 from the first slot not delivered (adu + 1)
  kAcceptQuorum,      ///< Accept(r) only for the current round, on a quorum of Promises for r
  kStopLeading,       ///< no Accept of a round after a Reject with a higher one / Leader{other}
  kAcceptSlot,        ///< Accepts only in slots at or above the Prepare's slot
  kAcceptValue,       ///< re-propose the highest accepted round's command, no-op gaps, fresh
  kOneValuePerRound,  ///< one command per (slot, round), also across restarts
  kWindow,            ///< a client command goes into a fresh slot only with < kWindow in flight
  // learner and replica
  kDeliverDecided,    ///< Delivered(slot, c) only when the replica knows slot decided as c
  kPersistDelivery,   ///< the handler that outputs Delivered writes stable storage
  kDecisionsDecided,  ///< Decisions carry only decided slots, ascending, at most kCatchUpBatch
  kRedirectLeader,    ///< Redirect answers a request, names the leader believed in, not self
};

/// The rule in the handout's words (one line, for the failure message).
const char* rule_text(Rule rule);

/// A command as a sortable key (client, seq, payload).
using CommandKey = std::tuple<std::int32_t, std::uint64_t, std::string>;
inline CommandKey key_of(const Command& c) { return {c.client, c.seq, c.payload}; }

/// What a replica did over the whole run (every incarnation): what its stable storage must
/// hold by the persist-before-answer rule, and what it may know from before a crash.
struct DurableView {
  dslab::labkit::PromisedRound promised;    ///< highest round of a Promise or Learn it sent
  std::map<Slot, AcceptedSlot> accepted;    ///< per slot, the last Learn it sent
  std::map<std::pair<Slot, Round>, std::pair<Command, int>> proposals;  ///< Accepts sent
  std::map<Slot, Command> decided;          ///< slots it learned decided (quorum or Decision)
  Slot delivered = kNoSlot;                 ///< its last Delivered slot
  std::set<CommandKey> client_commands;     ///< every ClientRequest it received
};

/// What a replica knows in its current incarnation (volatile memory: lost at a crash).
struct IncarnationView {
  NodeId leader = 0;                         ///< the last Leader it received (0: none)
  Round promised_at_start = kNoRound;        ///< DurableView::promised when it (re)started
  Round used = kNoRound;                     ///< the highest round of a Prepare it sent
  Round seen = kNoRound;                     ///< highest round of Prepare/Accept/Reject received
  Prepare current{};                         ///< its last Prepare (round kNoRound: none)
  std::optional<std::string> stopped;        ///< why it may no longer use current.round
  std::set<std::tuple<Slot, Round, NodeId>> prepares;        ///< Prepare(slot, round) from
  std::set<std::tuple<Slot, Round, CommandKey>> accepts;     ///< Accept(slot, round, c)
  std::map<NodeId, Promise> promises;        ///< first Promise per acceptor for current.round
  std::map<Slot, Command> proposed;          ///< the Accepts it sent in current.round
  std::set<Slot> in_flight;                  ///< of those, the slots it does not know decided
  std::map<std::tuple<Slot, Round, CommandKey>, std::set<NodeId>> votes;  ///< Learn senders
};

/// Checks a cluster of replicas 1..n against the handout's rules, fed with every handler call
/// and every (re)creation of a replica (dslab::labkit::watch_rules). The first violation is
/// kept (later calls are ignored). Not thread-safe.
class LogRules
    : public dslab::labkit::RuleChecker<LogRules, Protocol, DurableView, IncarnationView, Rule> {
 public:
  /// `window`: the proposer's window the handout fixes (kWindow).
  explicit LogRules(int replicas, int window = kWindow)
      : RuleChecker(replicas, rule_text), n_(replicas), window_(window) {}

 private:
  friend RuleChecker;
  /// The acceptor's promised round when the handler was called.
  struct Before {
    Round promised = kNoRound;
  };

  // The hooks of RuleChecker.
  void restarted(Node& node) { node.now.promised_at_start = node.durable.promised.round; }
  void receive(Node& node, const HandlerCall& call);
  void check(Node& node, const HandlerCall& call);

  void receive_learn(Node& node, NodeId from, const Learn& learn);
  void mark_decided(Node& node, Slot slot, const Command& command);
  void check_send(Node& node, const HandlerCall& call, const Before& before, NodeId to,
                  const Protocol::Message& msg, bool wrote, Round& prepared_here);
  void check_promise(const Node& node, const HandlerCall& call, const Before& before, NodeId to,
                     const Promise& promise, bool wrote);
  void check_learn(const Node& node, const HandlerCall& call, const Before& before,
                   const Learn& learn, bool wrote);
  void check_reject(const HandlerCall& call, const Before& before, NodeId to,
                    const Reject& reject);
  bool check_own_round(const HandlerCall& call, Round round, const std::string& what);
  bool check_leading(const Node& node, const HandlerCall& call, const std::string& what);
  void check_prepare(Node& node, const HandlerCall& call, const Prepare& prepare,
                     Round& prepared_here);
  void check_accept(Node& node, const HandlerCall& call, const Accept& accept);
  void check_accept_value(Node& node, const HandlerCall& call, const Accept& accept);
  void check_delivered(Node& node, const HandlerCall& call, const Delivered& delivered,
                       bool wrote);
  void check_decisions(const Node& node, const HandlerCall& call, NodeId to,
                       const Decisions& decisions);
  void check_redirect(const Node& node, const HandlerCall& call, const Redirect& redirect);
  void check_learn_to_all(const HandlerCall& call);
  void remember_acceptor(Node& node, const HandlerCall& call);

  int n_;
  int window_;
};

}  // namespace lab4::checks
