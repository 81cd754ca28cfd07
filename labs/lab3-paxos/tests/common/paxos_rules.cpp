// Lab 3 checker: the handout's local protocol rules, checked on every handler call (see header).
#include "labs/lab3-paxos/tests/common/paxos_rules.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace lab3::checks {

namespace {

using dslab::codec::to_text;
using dslab::labkit::CallKind;
using dslab::labkit::kWroteNothing;
using dslab::labkit::node_list;
using Message = Protocol::Message;
using Send = dslab::node::Send<Protocol>;
using Emit = dslab::node::Emit<Protocol>;

std::string proposal(Round round, const Value& value) {
  return round == kNoRound ? "nothing accepted" : fmt::format("({}, {})", round, to_text(value));
}

std::string promises_text(const std::map<NodeId, Promise>& promises) {
  std::string out;
  for (const auto& [from, p] : promises) {
    out += fmt::format("{}n{}: {}", out.empty() ? "" : "; ", from,
                       proposal(p.accepted_round, p.accepted_value));
  }
  return out.empty() ? "none" : out;
}

/// What a promise reports: its accepted round and value, or nothing.
dslab::labkit::Report<Value> report_of(const Promise& p) {
  if (p.accepted_round == kNoRound) return std::nullopt;
  return std::pair(p.accepted_round, p.accepted_value);
}

}  // namespace

const char* rule_text(Rule rule) {
  switch (rule) {
    case Rule::kPromiseAbove:
      return "an acceptor promises only a round strictly above every round it promised or "
             "accepted before, also before a crash (that is what stable storage is for)";
    case Rule::kPromiseAnswers:
      return "an acceptor sends Promise(r) only to the node whose Prepare(r) it received";
    case Rule::kPromiseReports:
      return "a Promise carries the acceptor's last accepted round and value (accepted_round 0 "
             "if it accepted nothing), also after a crash";
    case Rule::kPersistAcceptor:
      return "the acceptor state is written to stable storage in the same handler, before the "
             "Promise/Accepted it justifies is sent";
    case Rule::kAcceptAtOrAbove:
      return "an acceptor accepts only at or above its promised round (accepting also promises "
             "that round), also after a crash";
    case Rule::kAcceptedAnswers:
      return "an acceptor sends Accepted(r, v) only for an Accept(r, v) it received since its "
             "start (or to repeat its last accepted proposal)";
    case Rule::kAcceptedToAll:
      return "acceptors send Accepted to every node, itself included (ctx.broadcast)";
    case Rule::kNackPromised:
      return "a Nack carries the acceptor's promised round, which is at or above the refused one";
    case Rule::kOwnRounds:
      return "proposer p of n nodes uses only the rounds p, p+n, p+2n, ...";
    case Rule::kLeaderOnly:
      return "a node proposes (Prepare, Accept) only while the last Leader it received since "
             "its start names itself";
    case Rule::kClientValue:
      return "a node starts a round only when it has a client value";
    case Rule::kStopWhenDecided:
      return "a decided node stops: no Prepare, Accept or Query after its decision";
    case Rule::kNewRound:
      return "each new round is above every round this proposer used since its start (a retry "
             "starts a new, higher round)";
    case Rule::kRoundAfterRestart:
      return "after a restart, the proposer's rounds are above the round its acceptor promised "
             "(reloaded from storage and observe()d in on_start)";
    case Rule::kOneValuePerRound:
      return "a proposer sends one value per round, and never reuses a round after a restart";
    case Rule::kAcceptQuorum:
      return "a proposer sends Accept(r) only for its current round, once Promises for r from "
             "a quorum (n/2 + 1) of distinct acceptors arrived since its start";
    case Rule::kAcceptValue:
      return "the Accept carries the value of the promise with the highest accepted round, or "
             "the client's value if no promise of the quorum reports one";
    case Rule::kDecideOnQuorum:
      return "a node decides only on Accepted for the same round and value from a quorum of "
             "distinct acceptors, or on a Chosen, received since its start";
    case Rule::kPersistDecision:
      return "the decision is persisted: the handler that outputs Decided writes stable storage";
    case Rule::kChosenIsDecided:
      return "only a node that decided v answers Chosen(v)";
  }
  return "?";
}

void PaxosRules::check(Node& nd, const HandlerCall& call) {
  const Before before{nd.durable.promised.round, nd.durable.accepted};
  const bool wrote = dslab::labkit::writes_storage(call);
  Round started_here = kNoRound;
  for (const auto& effect : call.effects) {
    if (!ok()) return;
    if (const auto* send = std::get_if<Send>(&effect)) {
      if (const auto* prepare = std::get_if<Prepare>(&send->msg)) {
        check_prepare(nd, call, *prepare, started_here);
      } else {
        check_send(nd, call, before, send->to, send->msg, wrote);
      }
    } else if (const auto* emit = std::get_if<Emit>(&effect)) {
      check_decided(nd, call, std::get<Decided>(emit->output), wrote);
    }
  }
  if (ok()) check_accepted_to_all(call);
  remember_acceptor(nd, call);
}

void PaxosRules::receive(Node& nd, const HandlerCall& call) {
  const NodeId from = call.from;
  const bool peer = is_node(from);
  std::visit(
      [&](const auto& m) {
        using M = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<M, ClientRequest>) {
          nd.durable.client_values.insert(m.value);
        } else if constexpr (std::is_same_v<M, Leader>) {
          if (from == dslab::kEnvironment) nd.now.leader = m.leader;
        } else if constexpr (std::is_same_v<M, Prepare>) {
          nd.now.prepares.emplace(m.round, from);
        } else if constexpr (std::is_same_v<M, Accept>) {
          nd.now.accepts.emplace(m.round, m.value);
        } else if constexpr (std::is_same_v<M, Promise>) {
          if (peer) nd.now.promises[m.round].emplace(from, m);
        } else if constexpr (std::is_same_v<M, Accepted>) {
          if (peer) nd.now.votes[{m.round, m.value}].insert(from);
        } else if constexpr (std::is_same_v<M, Chosen>) {
          nd.now.chosen.insert(m.value);
        }
      },
      *call.msg);
}

void PaxosRules::check_send(Node& nd, const HandlerCall& call, const Before& before, NodeId to,
                            const Message& msg, bool wrote) {
  if (const auto* promise = std::get_if<Promise>(&msg)) {
    check_promise(nd, call, before, to, *promise, wrote);
  } else if (const auto* accepted = std::get_if<Accepted>(&msg)) {
    check_accepted(nd, call, before, *accepted, wrote);
  } else if (const auto* nack = std::get_if<Nack>(&msg)) {
    check_nack(call, before, *nack);
  } else if (const auto* accept = std::get_if<Accept>(&msg)) {
    check_accept(nd, call, *accept);
  } else if (const auto* chosen = std::get_if<Chosen>(&msg)) {
    if (nd.durable.decided != chosen->value) {
      flag(call, Rule::kChosenIsDecided, "sent " + to_text(msg),
           nd.durable.decided ? "it decided " + to_text(*nd.durable.decided)
                              : std::string("it has not decided"));
    }
  } else if (std::holds_alternative<Query>(msg) && nd.durable.decided) {
    flag(call, Rule::kStopWhenDecided, "sent Query",
         "it decided " + to_text(*nd.durable.decided) + " before");
  }
}

// ---- acceptor ----

void PaxosRules::check_promise(const Node& nd, const HandlerCall& call, const Before& before,
                               NodeId to, const Promise& p, bool wrote) {
  const std::string what = fmt::format("sent {} to n{}", to_text(p), to);
  if (!nd.now.prepares.contains({p.round, to})) {
    flag(call, Rule::kPromiseAnswers, what,
         fmt::format("no Prepare(round={}) from n{} arrived since its start", p.round, to));
    return;
  }
  if (p.round <= before.promised) {
    flag(call, Rule::kPromiseAbove, what, nd.durable.promised.text(nd.incarnation));
    return;
  }
  const Round last = before.accepted ? before.accepted->round : kNoRound;
  const bool reports = p.accepted_round == last &&
                       (last == kNoRound || p.accepted_value == before.accepted->value);
  if (!reports) {
    flag(call, Rule::kPromiseReports, what,
         fmt::format("its last Accepted was {}",
                     before.accepted ? proposal(last, before.accepted->value) : "none"));
    return;
  }
  if (!wrote) flag(call, Rule::kPersistAcceptor, what, kWroteNothing);
}

void PaxosRules::check_accepted(const Node& nd, const HandlerCall& call, const Before& before,
                                const Accepted& a, bool wrote) {
  if (before.accepted && *before.accepted == a) return;  // repeats what it accepted (durable)
  const std::string what = "sent " + to_text(a);
  if (!nd.now.accepts.contains({a.round, a.value})) {
    flag(call, Rule::kAcceptedAnswers, what,
         fmt::format("no Accept(round={}, value={}) arrived since its start", a.round,
                     to_text(a.value)));
    return;
  }
  if (a.round < before.promised) {
    flag(call, Rule::kAcceptAtOrAbove, what, nd.durable.promised.text(nd.incarnation));
    return;
  }
  if (!wrote) flag(call, Rule::kPersistAcceptor, what, kWroteNothing);
}

void PaxosRules::check_nack(const HandlerCall& call, const Before& before, const Nack& nack) {
  if (nack.promised >= nack.round && nack.promised == before.promised) return;
  flag(call, Rule::kNackPromised, "sent " + to_text(nack),
       fmt::format("its promised round (from its Promise/Accepted messages) is {}",
                   before.promised));
}

void PaxosRules::check_accepted_to_all(const HandlerCall& call) {
  const auto short_of = dslab::labkit::short_broadcast<Accepted>(
      call, n_, [](const Accepted& a) { return std::pair(a.round, a.value); });
  if (short_of) {
    flag(call, Rule::kAcceptedToAll, "sent " + to_text(short_of->first),
         "it went only to " + node_list(short_of->second));
  }
}

void PaxosRules::remember_acceptor(Node& nd, const HandlerCall& call) {
  DurableView& d = nd.durable;
  dslab::labkit::remember_promises<Promise, Accepted>(
      call, nd.incarnation, d.promised, [&d](const Accepted& a) {
        if (!d.accepted || a.round >= d.accepted->round) d.accepted = a;
      });
}

// ---- proposer ----

void PaxosRules::check_proposing(const Node& nd, const HandlerCall& call,
                                 const std::string& what) {
  if (const auto facts = dslab::labkit::not_leader(call.node, nd.now.leader)) {
    flag(call, Rule::kLeaderOnly, what, *facts);
    return;
  }
  if (nd.durable.decided) {
    flag(call, Rule::kStopWhenDecided, what,
         "it decided " + to_text(*nd.durable.decided) + " before");
  }
}

void PaxosRules::check_prepare(Node& nd, const HandlerCall& call, const Prepare& prepare,
                               Round& started_here) {
  const Round r = prepare.round;
  if (r == started_here) return;  // the same round to the next acceptor
  const std::string what = "sent " + to_text(prepare);
  const NodeId self = call.node;
  if (!dslab::labkit::own_round(self, n_, r)) {
    flag(call, Rule::kOwnRounds, what, dslab::labkit::own_rounds_text(self, n_));
    return;
  }
  check_proposing(nd, call, what);
  if (!ok()) return;
  if (nd.durable.client_values.empty()) {
    flag(call, Rule::kClientValue, what, "it never received a ClientRequest");
    return;
  }
  if (r <= nd.now.current) {
    flag(call, Rule::kNewRound, what,
         fmt::format("it used round {} since its start", nd.now.current));
    return;
  }
  if (const auto facts = dslab::labkit::below_reloaded_promise(r, nd.now.promised_at_start)) {
    flag(call, Rule::kRoundAfterRestart, what, *facts);
    return;
  }
  nd.now.current = r;
  started_here = r;
}

void PaxosRules::check_accept(Node& nd, const HandlerCall& call, const Accept& accept) {
  const std::string what = "sent " + to_text(accept);
  check_proposing(nd, call, what);
  if (!ok()) return;
  auto& sent = nd.durable.accepts;
  if (const auto it = sent.find(accept.round); it != sent.end()) {
    const auto& [value, incarnation] = it->second;
    if (value != accept.value || incarnation != nd.incarnation) {
      flag(call, Rule::kOneValuePerRound, what,
           fmt::format("it sent Accept(round={}, value={}) before{}", accept.round,
                       to_text(value), incarnation != nd.incarnation ? ", before a restart"
                                                                             : ""));
      return;
    }
  }
  const auto promises = nd.now.promises.find(accept.round);
  const std::size_t count = promises == nd.now.promises.end() ? 0 : promises->second.size();
  if (accept.round != nd.now.current || static_cast<int>(count) < quorum(n_)) {
    std::set<NodeId> from;
    if (count > 0) {
      for (const auto& [n, p] : promises->second) from.insert(n);
    }
    flag(call, Rule::kAcceptQuorum, what,
         fmt::format("its current round is {}; Promises for round {} since its start came "
                     "from: {}",
                     nd.now.current, accept.round, node_list(from)));
    return;
  }
  check_accept_value(nd, call, accept);
  if (ok()) sent.emplace(accept.round, std::pair(accept.value, nd.incarnation));
}

// Some quorum of the promises received must justify the value (the proposer may have used any
// quorum of them): the highest accepted round in it carries the value, or none reports one.
void PaxosRules::check_accept_value(const Node& nd, const HandlerCall& call, const Accept& accept) {
  const auto& promises = nd.now.promises.at(accept.round);
  const int q = quorum(n_);
  if (dslab::labkit::reproposal_justified(promises, q, report_of, accept.value)) return;
  if (dslab::labkit::unreported(promises, report_of) >= q &&
      nd.durable.client_values.contains(accept.value)) {
    return;
  }
  flag(call, Rule::kAcceptValue, "sent " + to_text(accept),
       "the Promises it received for this round report: " + promises_text(promises));
}

// ---- learner ----

void PaxosRules::check_decided(Node& nd, const HandlerCall& call, const Decided& decided,
                               bool wrote) {
  const std::string what = "output " + to_text(decided);
  bool quorum_seen = nd.now.chosen.contains(decided.value);
  std::string seen;
  for (const auto& [proposal_of, voters] : nd.now.votes) {
    if (proposal_of.second != decided.value) continue;
    quorum_seen = quorum_seen || static_cast<int>(voters.size()) >= quorum(n_);
    seen += fmt::format("{}round {} from {}", seen.empty() ? "" : "; ", proposal_of.first,
                        node_list(voters));
  }
  if (!quorum_seen) {
    flag(call, Rule::kDecideOnQuorum, what,
         fmt::format("since its start it received Accepted({}) {} and no Chosen({})",
                     to_text(decided.value), seen.empty() ? "from nobody" : "in " + seen,
                     to_text(decided.value)));
    return;
  }
  if (!wrote) {
    flag(call, Rule::kPersistDecision, what, kWroteNothing);
    return;
  }
  nd.durable.decided = decided.value;
}

}  // namespace lab3::checks
