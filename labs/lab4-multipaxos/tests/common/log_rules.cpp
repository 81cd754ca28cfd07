// Lab 4 checker: the handout's local rules of Multi-Paxos, checked on every handler call (see
// header).
#include "labs/lab4-multipaxos/tests/common/log_rules.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <limits>

namespace lab4::checks {

namespace {

using dslab::format_time;
using dslab::codec::to_text;
using dslab::labkit::CallKind;
using dslab::labkit::kWroteNothing;
using dslab::labkit::node_list;
using Message = Protocol::Message;
using Send = dslab::node::Send<Protocol>;
using Emit = dslab::node::Emit<Protocol>;

std::string reports_text(const std::vector<AcceptedSlot>& accepted) {
  std::string out;
  for (const AcceptedSlot& a : accepted) {
    out += fmt::format("{}slot {} (round {}, {})", out.empty() ? "" : ", ", a.slot, a.round,
                       to_text(a.command));
  }
  return out.empty() ? "nothing" : out;
}

const AcceptedSlot* report_of(const Promise& promise, Slot slot) {
  for (const AcceptedSlot& a : promise.accepted) {
    if (a.slot == slot) return &a;
  }
  return nullptr;
}

/// What a promise reports for `slot`, as the lab kit's quorum rules take it.
auto reports_for(Slot slot) {
  return [slot](const Promise& promise) -> dslab::labkit::Report<Command> {
    const AcceptedSlot* a = report_of(promise, slot);
    if (a == nullptr) return std::nullopt;
    return std::pair(a->round, a->command);
  };
}

Slot top_of(const Promise& promise) {
  Slot top = kNoSlot;
  for (const AcceptedSlot& a : promise.accepted) top = std::max(top, a.slot);
  return top;
}

std::string promises_text(const std::map<NodeId, Promise>& promises) {
  std::string out;
  for (const auto& [from, p] : promises) {
    out += fmt::format("{}n{}: {}", out.empty() ? "" : "; ", from, reports_text(p.accepted));
  }
  return out.empty() ? "none" : out;
}

bool same(const AcceptedSlot& a, const AcceptedSlot& b) {
  return a.slot == b.slot && a.round == b.round && a.command == b.command;
}

}  // namespace

const char* rule_text(Rule rule) {
  switch (rule) {
    case Rule::kPromiseAnswers:
      return "an acceptor sends Promise{slot, round} only to the replica whose Prepare{slot, "
             "round} it received since its start";
    case Rule::kPromiseAbove:
      return "an acceptor promises a round only if it is above the promised round (one promised "
             "round for all slots), also after a crash (that is what stable storage is for)";
    case Rule::kPromiseReports:
      return "a Promise lists every slot at or above prepare.slot the acceptor accepted, as "
             "(slot, accepted round, command), ascending, and nothing else, also after a crash";
    case Rule::kAcceptAtOrAbove:
      return "an acceptor takes an Accept only at or above its promised round (raising it), "
             "also after a crash";
    case Rule::kLearnAnswers:
      return "an acceptor sends Learn{slot, round, command} only for an Accept{slot, round, "
             "command} it received since its start (or to repeat what it accepted in that slot)";
    case Rule::kLearnToAll:
      return "the answer to an Accept is a Learn to every replica, itself included";
    case Rule::kRejectPromised:
      return "a Reject answers the refused Prepare or Accept, to its sender, with its round and "
             "the acceptor's promised round (at or above a refused Prepare's, above a refused "
             "Accept's)";
    case Rule::kPersistAcceptor:
      return "the acceptor's promised round and accepted slots go to stable storage in the same "
             "handler, before the Promise or Learn they justify";
    case Rule::kOwnRounds:
      return "replica p of n uses only the rounds p, p+n, p+2n, ...";
    case Rule::kLeaderOnly:
      return "a replica proposes (Prepare, Accept) only while the last Leader it received since "
             "its start names itself";
    case Rule::kNewRound:
      return "each phase 1 uses a new round, above every round this replica used or saw in a "
             "Prepare, Accept or Reject since its start";
    case Rule::kRoundAfterRestart:
      return "after a restart, the proposer's rounds are above the round its acceptor promised "
             "(reloaded from storage)";
    case Rule::kPrepareSlot:
      return "phase 1 covers every slot above \"all decided up to\": Prepare.slot is the first "
             "slot the replica has not delivered (adu + 1)";
    case Rule::kAcceptQuorum:
      return "a leader sends Accept{slot, r} only in its current round r, once Promises for r "
             "from a quorum (n/2 + 1) of distinct acceptors arrived since its start";
    case Rule::kStopLeading:
      return "a Reject with a higher promised round, or a Leader naming another replica, stops "
             "the leader: no Accept of that round any more, a new phase 1 first";
    case Rule::kAcceptSlot:
      return "a leader proposes only in slots at or above its Prepare's slot (slots at or below "
             "adu are left alone)";
    case Rule::kAcceptValue:
      return "in a slot the promises report, the leader proposes the command of the highest "
             "accepted round; in a gap below the highest reported slot a no-op; a client "
             "command (one a client sent it) only in a fresh slot, above every reported one";
    case Rule::kOneValuePerRound:
      return "a leader proposes one command per (slot, round), also across its restarts";
    case Rule::kWindow:
      return "at most kWindow slots are in flight (proposed, not known decided): a client "
             "command goes into a fresh slot only while fewer than kWindow are";
    case Rule::kDeliverDecided:
      return "a replica delivers a slot only once it is decided there: Learns of the same round "
             "and command from a quorum of distinct acceptors, or a Decisions answer, received "
             "since its start (or decided before a crash, in stable storage)";
    case Rule::kPersistDelivery:
      return "the decided slots and the delivery point go to stable storage in the handler that "
             "outputs Delivered";
    case Rule::kDecisionsDecided:
      return "a Decisions answer carries only slots decided at the sender, with their decided "
             "command, ascending, at or above the CatchUp's slot, at most kCatchUpBatch";
    case Rule::kRedirectLeader:
      return "a replica that does not lead answers a ClientRequest with Redirect{client, seq, "
             "leader}: the request's client and seq, and the leader its last Leader named (0 if "
             "none); a replica that believes it leads does not redirect";
  }
  return "?";
}

void LogRules::check(Node& nd, const HandlerCall& call) {
  const Before before{nd.durable.promised.round};
  const bool wrote = dslab::labkit::writes_storage(call);
  Round prepared_here = kNoRound;
  for (const auto& effect : call.effects) {
    if (!ok()) return;
    if (const auto* send = std::get_if<Send>(&effect)) {
      check_send(nd, call, before, send->to, send->msg, wrote, prepared_here);
    } else if (const auto* emit = std::get_if<Emit>(&effect)) {
      if (const auto* d = std::get_if<Delivered>(&emit->output)) {
        check_delivered(nd, call, *d, wrote);
      } else {
        check_redirect(nd, call, std::get<Redirect>(emit->output));
      }
    }
  }
  if (ok()) check_learn_to_all(call);
  remember_acceptor(nd, call);
}

void LogRules::receive(Node& nd, const HandlerCall& call) {
  const NodeId from = call.from;
  const bool peer = is_node(from);
  IncarnationView& now = nd.now;
  std::visit(
      [&](const auto& m) {
        using M = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<M, ClientRequest>) {
          nd.durable.client_commands.insert(key_of(m.command));
        } else if constexpr (std::is_same_v<M, Leader>) {
          if (from != dslab::kEnvironment) return;
          now.leader = m.leader;
          if (m.leader != call.node && now.current.round != kNoRound && !now.stopped) {
            now.stopped = fmt::format("Leader{{leader={}}} arrived at t={}", m.leader,
                                      format_time(call.now));
          }
        } else if constexpr (std::is_same_v<M, Prepare>) {
          now.prepares.emplace(m.slot, m.round, from);
          now.seen = std::max(now.seen, m.round);
        } else if constexpr (std::is_same_v<M, Accept>) {
          now.accepts.emplace(m.slot, m.round, key_of(m.command));
          now.seen = std::max(now.seen, m.round);
        } else if constexpr (std::is_same_v<M, Promise>) {
          if (peer && m.round == now.current.round) now.promises.emplace(from, m);
        } else if constexpr (std::is_same_v<M, Reject>) {
          now.seen = std::max(now.seen, m.promised);
          if (m.round == now.current.round && m.promised > m.round && !now.stopped) {
            now.stopped = fmt::format("Reject{{round={}, promised={}}} from n{} arrived at t={}",
                                      m.round, m.promised, from, format_time(call.now));
          }
        } else if constexpr (std::is_same_v<M, Learn>) {
          if (peer) receive_learn(nd, from, m);
        } else if constexpr (std::is_same_v<M, Decisions>) {
          for (const Decision& d : m.decided) mark_decided(nd, d.slot, d.command);
        }
      },
      *call.msg);
}

void LogRules::receive_learn(Node& nd, NodeId from, const Learn& learn) {
  if (nd.durable.decided.contains(learn.slot)) return;
  auto& voters = nd.now.votes[{learn.slot, learn.round, key_of(learn.command)}];
  voters.insert(from);
  if (static_cast<int>(voters.size()) >= quorum(n_)) {
    mark_decided(nd, learn.slot, learn.command);
  }
}

// The first decision known for a slot stays (a decided slot is final; the log checker compares
// replicas).
void LogRules::mark_decided(Node& nd, Slot slot, const Command& command) {
  nd.durable.decided.emplace(slot, command);
  nd.now.in_flight.erase(slot);
  auto& votes = nd.now.votes;
  const auto first = [](Slot at) {
    return std::tuple<Slot, Round, CommandKey>{at, std::numeric_limits<Round>::min(),
                                               CommandKey{std::numeric_limits<std::int32_t>::min(),
                                                          0, ""}};
  };
  votes.erase(votes.lower_bound(first(slot)), votes.lower_bound(first(slot + 1)));
}

void LogRules::check_send(Node& nd, const HandlerCall& call, const Before& before, NodeId to,
                          const Message& msg, bool wrote, Round& prepared_here) {
  if (const auto* promise = std::get_if<Promise>(&msg)) {
    check_promise(nd, call, before, to, *promise, wrote);
  } else if (const auto* learn = std::get_if<Learn>(&msg)) {
    check_learn(nd, call, before, *learn, wrote);
  } else if (const auto* reject = std::get_if<Reject>(&msg)) {
    check_reject(call, before, to, *reject);
  } else if (const auto* prepare = std::get_if<Prepare>(&msg)) {
    check_prepare(nd, call, *prepare, prepared_here);
  } else if (const auto* accept = std::get_if<Accept>(&msg)) {
    check_accept(nd, call, *accept);
  } else if (const auto* decisions = std::get_if<Decisions>(&msg)) {
    check_decisions(nd, call, to, *decisions);
  }
}

// ---- acceptor ----

void LogRules::check_promise(const Node& nd, const HandlerCall& call, const Before& before,
                             NodeId to, const Promise& p, bool wrote) {
  const std::string what = fmt::format("sent {} to n{}", to_text(p), to);
  if (!nd.now.prepares.contains({p.slot, p.round, to})) {
    flag(call, Rule::kPromiseAnswers, what,
         fmt::format("no Prepare{{slot={}, round={}}} from n{} arrived since its start", p.slot,
                     p.round, to));
    return;
  }
  if (p.round <= before.promised) {
    flag(call, Rule::kPromiseAbove, what, nd.durable.promised.text(nd.incarnation));
    return;
  }
  std::vector<AcceptedSlot> expected;
  for (auto it = nd.durable.accepted.lower_bound(p.slot); it != nd.durable.accepted.end(); ++it) {
    expected.push_back(it->second);
  }
  const bool reports = expected.size() == p.accepted.size() &&
                       std::equal(expected.begin(), expected.end(), p.accepted.begin(), same);
  if (!reports) {
    flag(call, Rule::kPromiseReports, what,
         fmt::format("its Learns so far accepted, at or above slot {}: {}", p.slot,
                     reports_text(expected)));
    return;
  }
  if (!wrote) flag(call, Rule::kPersistAcceptor, what, kWroteNothing);
}

void LogRules::check_learn(const Node& nd, const HandlerCall& call, const Before& before,
                           const Learn& l, bool wrote) {
  const auto last = nd.durable.accepted.find(l.slot);
  if (last != nd.durable.accepted.end() &&
      same(last->second, AcceptedSlot{l.slot, l.round, l.command})) {
    return;  // repeats what it accepted in that slot (durable)
  }
  const std::string what = "sent " + to_text(l);
  if (!nd.now.accepts.contains({l.slot, l.round, key_of(l.command)})) {
    flag(call, Rule::kLearnAnswers, what,
         fmt::format("no Accept{{slot={}, round={}, command={}}} arrived since its start",
                     l.slot, l.round, to_text(l.command)));
    return;
  }
  if (l.round < before.promised) {
    flag(call, Rule::kAcceptAtOrAbove, what, nd.durable.promised.text(nd.incarnation));
    return;
  }
  if (!wrote) flag(call, Rule::kPersistAcceptor, what, kWroteNothing);
}

void LogRules::check_reject(const HandlerCall& call, const Before& before, NodeId to,
                            const Reject& reject) {
  const std::string what = fmt::format("sent {} to n{}", to_text(reject), to);
  const Prepare* prepare = call.msg != nullptr ? std::get_if<Prepare>(call.msg) : nullptr;
  const Accept* accept = call.msg != nullptr ? std::get_if<Accept>(call.msg) : nullptr;
  const Round refused = prepare != nullptr ? prepare->round
                        : accept != nullptr ? accept->round
                                            : kNoRound;
  const bool answers = (prepare != nullptr || accept != nullptr) && to == call.from &&
                       reject.round == refused;
  const bool refusal = prepare != nullptr ? before.promised >= refused : before.promised > refused;
  if (answers && refusal && reject.promised == before.promised) return;
  flag(call, Rule::kRejectPromised, what,
       fmt::format("its promised round (from its Promises and Learns) is {}", before.promised));
}

void LogRules::check_learn_to_all(const HandlerCall& call) {
  const auto short_of = dslab::labkit::short_broadcast<Learn>(call, n_, [](const Learn& l) {
    return std::tuple(l.slot, l.round, key_of(l.command));
  });
  if (short_of) {
    flag(call, Rule::kLearnToAll,
         fmt::format("sent Learn{{slot={}, round={}}}", short_of->first.slot,
                     short_of->first.round),
         "it went only to " + node_list(short_of->second));
  }
}

void LogRules::remember_acceptor(Node& nd, const HandlerCall& call) {
  DurableView& d = nd.durable;
  dslab::labkit::remember_promises<Promise, Learn>(
      call, nd.incarnation, d.promised, [&d](const Learn& l) {
        auto& slot = d.accepted[l.slot];
        if (l.round >= slot.round) slot = AcceptedSlot{l.slot, l.round, l.command};
      });
}

// ---- proposer ----

bool LogRules::check_own_round(const HandlerCall& call, Round round, const std::string& what) {
  if (dslab::labkit::own_round(call.node, n_, round)) return true;
  flag(call, Rule::kOwnRounds, what, dslab::labkit::own_rounds_text(call.node, n_));
  return false;
}

bool LogRules::check_leading(const Node& nd, const HandlerCall& call, const std::string& what) {
  const auto facts = dslab::labkit::not_leader(call.node, nd.now.leader);
  if (facts) flag(call, Rule::kLeaderOnly, what, *facts);
  return !facts;
}

void LogRules::check_prepare(Node& nd, const HandlerCall& call, const Prepare& prepare,
                             Round& prepared_here) {
  IncarnationView& now = nd.now;
  const std::string what = "sent " + to_text(prepare);
  if (now.current.round != kNoRound && prepare.round == now.current.round &&
      prepare.slot == now.current.slot) {
    // The same Prepare to the next acceptor, or sent again: no new attempt.
    if (prepare.round != prepared_here) check_leading(nd, call, what);
    return;
  }
  if (!check_own_round(call, prepare.round, what) || !check_leading(nd, call, what)) return;
  const Round above = std::max(now.used, now.seen);
  if (prepare.round <= above) {
    flag(call, Rule::kNewRound, what,
         fmt::format("since its start it used round {} and saw round {}", now.used, now.seen));
    return;
  }
  if (const auto facts = dslab::labkit::below_reloaded_promise(prepare.round,
                                                               now.promised_at_start)) {
    flag(call, Rule::kRoundAfterRestart, what, *facts);
    return;
  }
  Slot decided_through = nd.durable.delivered;
  while (nd.durable.decided.contains(decided_through + 1)) ++decided_through;
  if (prepare.slot <= nd.durable.delivered || prepare.slot > decided_through + 1) {
    flag(call, Rule::kPrepareSlot, what,
         fmt::format("it delivered slots 1..{}{}", nd.durable.delivered,
                     decided_through > nd.durable.delivered
                         ? fmt::format(" and knows slots up to {} decided", decided_through)
                         : std::string()));
    return;
  }
  now.current = prepare;
  now.used = prepare.round;
  now.stopped.reset();
  now.promises.clear();
  now.proposed.clear();
  now.in_flight.clear();
  prepared_here = prepare.round;
}

void LogRules::check_accept(Node& nd, const HandlerCall& call, const Accept& accept) {
  IncarnationView& now = nd.now;
  const std::string what = "sent " + to_text(accept);
  if (!check_own_round(call, accept.round, what) || !check_leading(nd, call, what)) return;
  if (accept.round != now.current.round ||
      static_cast<int>(now.promises.size()) < quorum(n_)) {
    std::set<NodeId> from;
    for (const auto& [n, p] : now.promises) from.insert(n);
    flag(call, Rule::kAcceptQuorum, what,
         fmt::format("its current round is {}; Promises for it since its start came from: {}",
                     now.current.round, node_list(from)));
    return;
  }
  if (now.stopped) {
    flag(call, Rule::kStopLeading, what, *now.stopped + ", and it sent no Prepare since");
    return;
  }
  auto& proposals = nd.durable.proposals;
  if (const auto it = proposals.find({accept.slot, accept.round}); it != proposals.end()) {
    const auto& [command, incarnation] = it->second;
    if (command != accept.command) {
      flag(call, Rule::kOneValuePerRound, what,
           fmt::format("it sent Accept{{slot={}, round={}, command={}}} before{}", accept.slot,
                       accept.round, to_text(command),
                       incarnation != nd.incarnation ? ", before a restart" : ""));
      return;
    }
    if (incarnation == nd.incarnation) return;  // sent again (a stale slot)
  }
  if (accept.slot < now.current.slot) {
    flag(call, Rule::kAcceptSlot, what,
         fmt::format("its Prepare for round {} was for slots from {}", now.current.round,
                     now.current.slot));
    return;
  }
  check_accept_value(nd, call, accept);
  if (!ok()) return;
  proposals[{accept.slot, accept.round}] = {accept.command, nd.incarnation};
  now.proposed[accept.slot] = accept.command;
  if (!nd.durable.decided.contains(accept.slot)) now.in_flight.insert(accept.slot);
}

// Some quorum of the Promises received must justify the command (the leader may have used any
// quorum of them): see rule_text(Rule::kAcceptValue).
void LogRules::check_accept_value(Node& nd, const HandlerCall& call, const Accept& accept) {
  const auto& promises = nd.now.promises;
  const Slot s = accept.slot;
  const int q = quorum(n_);
  const auto count = [&](auto&& pred) {
    return static_cast<int>(std::count_if(promises.begin(), promises.end(),
                                          [&](const auto& entry) { return pred(entry.second); }));
  };
  if (dslab::labkit::reproposal_justified(promises, q, reports_for(s), accept.command)) {
    return;  // a re-proposal: the highest accepted round of some quorum
  }
  const int unreported = dslab::labkit::unreported(promises, reports_for(s));
  const bool gap = std::any_of(promises.begin(), promises.end(), [&](const auto& entry) {
    return report_of(entry.second, s) == nullptr && top_of(entry.second) > s;
  });
  if (is_noop(accept.command) && unreported >= q && gap) return;
  const bool fresh = count([&](const Promise& o) { return top_of(o) < s; }) >= q;
  const bool client = nd.durable.client_commands.contains(key_of(accept.command));
  if (!is_noop(accept.command) && client && fresh) {
    if (static_cast<int>(nd.now.in_flight.size()) < window_) return;
    flag(call, Rule::kWindow, "sent " + to_text(accept),
         fmt::format("slots in flight in round {}: {} (kWindow = {})", accept.round,
                     fmt::join(nd.now.in_flight, ", "), window_));
    return;
  }
  flag(call, Rule::kAcceptValue, "sent " + to_text(accept),
       fmt::format("the Promises for round {} report: {}{}", accept.round,
                   promises_text(promises),
                   !is_noop(accept.command) && !client ? "; no client sent it this command" : ""));
}

// ---- learner and replica ----

void LogRules::check_delivered(Node& nd, const HandlerCall& call, const Delivered& d,
                               bool wrote) {
  const std::string what = "output " + to_text(d);
  const auto it = nd.durable.decided.find(d.slot);
  if (it == nd.durable.decided.end() || it->second != d.command) {
    std::string seen;
    for (const auto& [vote, voters] : nd.now.votes) {
      if (std::get<0>(vote) != d.slot) continue;
      seen += fmt::format("{}round {} from {}", seen.empty() ? "" : "; ", std::get<1>(vote),
                          node_list(voters));
    }
    flag(call, Rule::kDeliverDecided, what,
         it != nd.durable.decided.end()
             ? fmt::format("slot {} was decided there as {}", d.slot, to_text(it->second))
             : fmt::format("for slot {} it received Learns {} and no Decision", d.slot,
                           seen.empty() ? "from nobody" : "in " + seen));
    return;
  }
  if (!wrote) {
    flag(call, Rule::kPersistDelivery, what, kWroteNothing);
    return;
  }
  nd.durable.delivered = std::max(nd.durable.delivered, d.slot);
  nd.now.in_flight.erase(d.slot);
}

void LogRules::check_decisions(const Node& nd, const HandlerCall& call, NodeId to,
                               const Decisions& decisions) {
  const std::string what = fmt::format("sent Decisions with {} slots to n{}",
                                       decisions.decided.size(), to);
  const CatchUp* asked = call.msg != nullptr && call.from == to
                             ? std::get_if<CatchUp>(call.msg)
                             : nullptr;
  if (decisions.decided.size() > static_cast<std::size_t>(kCatchUpBatch)) {
    flag(call, Rule::kDecisionsDecided, what, fmt::format("kCatchUpBatch is {}", kCatchUpBatch));
    return;
  }
  Slot previous = kNoSlot;
  for (const Decision& d : decisions.decided) {
    const auto it = nd.durable.decided.find(d.slot);
    std::string facts;
    if (d.slot <= previous) {
      facts = fmt::format("slot {} comes after slot {}", d.slot, previous);
    } else if (asked != nullptr && d.slot < asked->from) {
      facts = fmt::format("slot {} is below the CatchUp's slot {}", d.slot, asked->from);
    } else if (it == nd.durable.decided.end()) {
      facts = fmt::format("slot {} ({}) is not decided there", d.slot, to_text(d.command));
    } else if (it->second != d.command) {
      facts = fmt::format("slot {} was decided there as {}, not {}", d.slot,
                          to_text(it->second), to_text(d.command));
    }
    if (!facts.empty()) return flag(call, Rule::kDecisionsDecided, what, facts);
    previous = d.slot;
  }
}

void LogRules::check_redirect(const Node& nd, const HandlerCall& call, const Redirect& r) {
  const ClientRequest* request =
      call.msg != nullptr ? std::get_if<ClientRequest>(call.msg) : nullptr;
  std::string facts;
  if (request == nullptr) {
    facts = "it was not handling a ClientRequest";
  } else if (request->command.client != r.client || request->command.seq != r.seq) {
    facts = fmt::format("the request was client {} seq {}", request->command.client,
                        request->command.seq);
  } else if (nd.now.leader == call.node) {
    facts = fmt::format("the last Leader it received named itself (n{})", call.node);
  } else if (r.leader != nd.now.leader) {
    facts = nd.now.leader == 0 ? std::string("it received no Leader since its start")
                               : fmt::format("the last Leader it received named n{}",
                                             nd.now.leader);
  }
  if (!facts.empty()) flag(call, Rule::kRedirectLeader, "output " + to_text(r), facts);
}

}  // namespace lab4::checks
