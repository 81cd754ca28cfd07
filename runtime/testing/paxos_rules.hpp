// The pieces every Paxos lab's local-rule checker shares (lab 3's single decree, lab 4's log,
// lab 5's bank on it): the acceptor's promised round as its messages fix it, the proposer's own
// rounds and leadership, answers that go to every node, and which values a quorum of promises
// justifies. Each lab's checker (e.g. lab 4's log_rules.hpp) keeps its own rules and wording
// and builds on these and on incarnations.hpp (RuleChecker).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>

#include "runtime/testing/incarnations.hpp"

namespace dslab::labkit {

/// A Paxos round (ballot); 0 means none and is below every real round.
using PaxosRound = std::int64_t;

/// The facts line of a persist-before-answer rule broken by a handler that wrote nothing.
inline constexpr const char* kWroteNothing = "that handler wrote nothing to storage";

/// An acceptor's promised round as its own messages fix it: the highest round of a Promise or
/// of an accept answer (Accepted, Learn) it sent, over every incarnation (stable storage must
/// hold it), with when and in which incarnation it sent it.
struct PromisedRound {
  PaxosRound round = 0;
  Time at = 0;
  int incarnation = 0;

  /// The node sent a message promising or accepting `r` at `now` in `in`.
  void raise(PaxosRound r, Time now, int in) {
    if (r <= round) return;
    round = r;
    at = now;
    incarnation = in;
  }
  /// "it promised or accepted round 4 at t=1.200s[, before it crashed]", for a node now in
  /// incarnation `current`.
  std::string text(int current) const;
};

/// Raises `promised` (of a node in incarnation `incarnation`) by every `PromiseMsg` and every
/// accept answer `Answer` (Accepted, Learn) the call sent, and calls `accepted(answer)` for
/// each answer first. Both messages carry their round in `.round`.
template <class PromiseMsg, class Answer, node::Protocol P, class OnAnswer>
void remember_promises(const HandlerCall<P>& call, int incarnation, PromisedRound& promised,
                       OnAnswer accepted) {
  for (const auto& effect : call.effects) {
    const auto* send = std::get_if<node::Send<P>>(&effect);
    if (send == nullptr) continue;
    if (const auto* p = std::get_if<PromiseMsg>(&send->msg)) {
      promised.raise(p->round, call.now, incarnation);
    } else if (const auto* a = std::get_if<Answer>(&send->msg)) {
      accepted(*a);
      promised.raise(a->round, call.now, incarnation);
    }
  }
}

/// Whether `round` is one of proposer `self`'s rounds among `n`: self, self + n, self + 2n, ...
inline bool own_round(NodeId self, int n, PaxosRound round) {
  return round >= self && (round - self) % n == 0;
}
/// "n2's rounds are 2, 5, 8, ..."
std::string own_rounds_text(NodeId self, int n);

/// Why `self` may not propose while the last Leader it received since its start named
/// `leader` (0: none): nothing if it names itself, else the facts for the failure message.
std::optional<std::string> not_leader(NodeId self, NodeId leader);

/// Why a first round `round` after a restart is too low for a node whose acceptor reloaded a
/// promise for `promised_at_start`: nothing if it is above.
std::optional<std::string> below_reloaded_promise(PaxosRound round, PaxosRound promised_at_start);

/// The first message of type `M` the call sent to fewer than `n` distinct nodes, grouping the
/// call's sends of `M` by `key(m)` (one answer to all), with the nodes it went to.
template <class M, node::Protocol P, class Key>
std::optional<std::pair<M, std::set<NodeId>>> short_broadcast(const HandlerCall<P>& call, int n,
                                                              Key key) {
  std::map<decltype(key(std::declval<const M&>())), std::pair<M, std::set<NodeId>>> to;
  for (const auto& effect : call.effects) {
    const auto* send = std::get_if<node::Send<P>>(&effect);
    const M* m = send != nullptr ? std::get_if<M>(&send->msg) : nullptr;
    if (m == nullptr) continue;
    to.try_emplace(key(*m), *m, std::set<NodeId>{}).first->second.second.insert(send->to);
  }
  for (auto& [k, sent] : to) {
    if (static_cast<int>(sent.second.size()) < n) return std::move(sent);
  }
  return std::nullopt;
}

/// What a promise reports for the value being decided (a slot in lab 4): the accepted round
/// and value, or nothing.
template <class V>
using Report = std::optional<std::pair<PaxosRound, V>>;

/// Whether some quorum (`q` of the promises, from distinct acceptors) makes `value` the value
/// of its highest accepted round: a promise reports (rho, value) and at least `q` promises
/// report nothing above rho. `report(promise)` says what a promise reports (a Report<V>).
template <class Promises, class ReportOf, class V>
bool reproposal_justified(const Promises& promises, int q, ReportOf report, const V& value) {
  const auto at_or_below = [&](PaxosRound rho) {
    return std::count_if(promises.begin(), promises.end(), [&](const auto& entry) {
      const auto r = report(entry.second);
      return !r || r->first <= rho;
    });
  };
  return std::any_of(promises.begin(), promises.end(), [&](const auto& entry) {
    const auto r = report(entry.second);
    return r && r->second == value && at_or_below(r->first) >= q;
  });
}

/// How many of `promises` report nothing (for a fresh value: at least a quorum must).
template <class Promises, class ReportOf>
int unreported(const Promises& promises, ReportOf report) {
  return static_cast<int>(std::count_if(promises.begin(), promises.end(),
                                        [&](const auto& entry) { return !report(entry.second); }));
}

}  // namespace dslab::labkit
