// Lab 3 checker: the handout's local protocol rules of single-decree Paxos, checked on every
// message a node sends and every decision it outputs, from what that node received, sent and
// (per the handout) must have persisted. Written from the handout, apart from the solution.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "labs/lab3-paxos/api/protocol.hpp"
#include "runtime/sim/simulator.hpp"
#include "runtime/testing/incarnations.hpp"
#include "runtime/testing/observed_engine.hpp"
#include "runtime/testing/paxos_rules.hpp"

namespace lab3::checks {

using HandlerCall = dslab::labkit::HandlerCall<Protocol>;
using Sim = dslab::sim::Simulator<Protocol>;

/// The rules of the handout, one per way of breaking it (the message names the rule in words).
enum class Rule : std::uint8_t {
  kPromiseAbove,       ///< Promise(r) only for r above every round promised or accepted before
  kPromiseAnswers,     ///< Promise(r) only to a node whose Prepare(r) arrived since the start
  kPromiseReports,     ///< a Promise reports the acceptor's last accepted round and value
  kPersistAcceptor,    ///< the handler that sends a Promise/Accepted writes stable storage
  kAcceptAtOrAbove,    ///< Accepted(r) only for r at or above the promised round
  kAcceptedAnswers,    ///< Accepted(r, v) only for an Accept(r, v) that arrived since the start
  kAcceptedToAll,      ///< an Accepted goes to every node (all learners)
  kNackPromised,       ///< a Nack carries the promised round, at or above the refused one
  kOwnRounds,          ///< proposer p of n uses only rounds p, p+n, p+2n, ...
  kLeaderOnly,         ///< Prepare/Accept only while the last Leader received names itself
  kClientValue,        ///< Prepare only with a client value
  kStopWhenDecided,    ///< no Prepare, Accept or Query once the node has decided
  kNewRound,           ///< each new attempt uses a round above every round used since the start
  kRoundAfterRestart,  ///< after a restart, rounds above the promise reloaded from storage
  kOneValuePerRound,   ///< one Accept value per round; no Accept round reused after a restart
  kAcceptQuorum,       ///< Accept(r) only for its current round, on Promises from a quorum
  kAcceptValue,        ///< the Accept value: highest accepted round's, else the client's
  kDecideOnQuorum,     ///< Decided(v) only on a quorum of Accepted(r, v), or a Chosen(v)
  kPersistDecision,    ///< the handler that outputs Decided writes stable storage
  kChosenIsDecided,    ///< Chosen(v) only from a node that decided v
};

/// The rule in the handout's words (one line, for the failure message).
const char* rule_text(Rule rule);

/// What a node did over the whole run (every incarnation), from its own messages and outputs:
/// what its stable storage must hold, by the handout's persist-before-answer rule.
struct DurableView {
  dslab::labkit::PromisedRound promised;  ///< highest round of a Promise or Accepted it sent
  std::optional<Accepted> accepted;  ///< the last Accepted it sent
  std::map<Round, std::pair<Value, int>> accepts;  ///< Accept value and incarnation per round
  std::optional<Value> decided;      ///< its Decided output
  std::set<Value> client_values;     ///< every ClientRequest value it received
};

/// What a node knows in its current incarnation: what it received and did since its last start
/// (volatile memory: lost at a crash).
struct IncarnationView {
  NodeId leader = 0;                          ///< the last Leader it received (0: none)
  Round promised_at_start = kNoRound;         ///< DurableView::promised when it (re)started
  Round current = kNoRound;                   ///< the round of its last Prepare
  std::set<std::pair<Round, NodeId>> prepares;               ///< Prepare(round) from node
  std::set<std::pair<Round, Value>> accepts;                 ///< Accept(round, value)
  std::map<Round, std::map<NodeId, Promise>> promises;       ///< first Promise per acceptor
  std::map<std::pair<Round, Value>, std::set<NodeId>> votes; ///< senders of Accepted(r, v)
  std::set<Value> chosen;                                    ///< Chosen values received
};

/// Checks a cluster of nodes 1..n against the handout's rules, fed with every handler call and
/// every (re)creation of a node (dslab::labkit::watch_rules). Observes messages, storage writes
/// and outputs only, never a node's memory. The first violation is kept (later calls are
/// ignored). Not thread-safe.
class PaxosRules
    : public dslab::labkit::RuleChecker<PaxosRules, Protocol, DurableView, IncarnationView, Rule> {
 public:
  explicit PaxosRules(int nodes) : RuleChecker(nodes, rule_text), n_(nodes) {}

 private:
  friend RuleChecker;
  /// The acceptor's durable facts as they were when the handler was called.
  struct Before {
    Round promised = kNoRound;
    std::optional<Accepted> accepted;
  };

  // The hooks of RuleChecker.
  void restarted(Node& node) { node.now.promised_at_start = node.durable.promised.round; }
  void receive(Node& node, const HandlerCall& call);
  void check(Node& node, const HandlerCall& call);

  void check_send(Node& node, const HandlerCall& call, const Before& before, NodeId to,
                  const Protocol::Message& msg, bool wrote);
  void check_promise(const Node& node, const HandlerCall& call, const Before& before, NodeId to,
                     const Promise& promise, bool wrote);
  void check_accepted(const Node& node, const HandlerCall& call, const Before& before,
                      const Accepted& accepted, bool wrote);
  void check_nack(const HandlerCall& call, const Before& before, const Nack& nack);
  void check_prepare(Node& node, const HandlerCall& call, const Prepare& prepare,
                     Round& started_here);
  void check_proposing(const Node& node, const HandlerCall& call, const std::string& what);
  void check_accept(Node& node, const HandlerCall& call, const Accept& accept);
  void check_accept_value(const Node& node, const HandlerCall& call, const Accept& accept);
  void check_decided(Node& node, const HandlerCall& call, const Decided& decided, bool wrote);
  void check_accepted_to_all(const HandlerCall& call);
  void remember_acceptor(Node& node, const HandlerCall& call);

  int n_;
};

}  // namespace lab3::checks
