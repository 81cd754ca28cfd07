// Lab 2 tests (trusted): the justified-output rules (see rules.hpp), replayed from each node's
// observed inputs.
#include "labs/lab2-detector/tests/common/rules.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace lab2::checks {

using dslab::format_time;
namespace node = dslab::node;

namespace {

/// What one handler call produced, sorted by kind.
struct Produced {
  std::vector<NodeId> suspects;
  std::vector<NodeId> restores;
  std::vector<NodeId> trusts;
  std::vector<Duration> timers;
  int cancels = 0;
  std::vector<std::string> storage_keys;
};

Produced sort_effects(const HandlerCall& call) {
  Produced out;
  for (const auto& effect : call.effects) {
    if (const auto* emit = std::get_if<node::Emit<Protocol>>(&effect)) {
      if (const auto* s = std::get_if<Suspect>(&emit->output)) out.suspects.push_back(s->node);
      if (const auto* r = std::get_if<Restore>(&emit->output)) out.restores.push_back(r->node);
      if (const auto* t = std::get_if<Trust>(&emit->output)) out.trusts.push_back(t->leader);
    } else if (const auto* t = std::get_if<node::SetTimer<Protocol>>(&effect)) {
      out.timers.push_back(t->after);
    } else if (std::holds_alternative<node::CancelTimer>(effect)) {
      ++out.cancels;
    } else if (const auto* w = std::get_if<node::StorageWrite>(&effect)) {
      out.storage_keys.push_back(w->key);
    }
  }
  return out;
}

std::string leader_name(NodeId n) {
  return n == kUnknownLeader ? "kUnknownLeader (no leader)" : fmt::format("n{}", n);
}

std::string fail(const HandlerCall& call, const char* rule, const std::string& detail) {
  return fmt::format("{}: rule \"{}\": {}", call_site(call), rule, detail);
}

/// The rules every handler obeys: nothing in stable storage, no timer cancelled.
std::optional<std::string> common_rules(const HandlerCall& call, const Produced& p) {
  if (!p.storage_keys.empty()) {
    return fail(call, "no stable storage",
                fmt::format("wrote key \"{}\"; nothing is kept in stable storage (a restarted "
                            "node starts from scratch)",
                            p.storage_keys.front()));
  }
  if (p.cancels > 0)
    return fail(call, "timer", "cancelled a timer; the Timeout is never cancelled");
  return std::nullopt;
}

/// The Trust outputs of a call that must announce `expected` if it differs from `current`.
std::optional<std::string> leader_rule(const HandlerCall& call, const std::vector<NodeId>& trusts,
                                       NodeId current, NodeId expected) {
  if (expected == current) {
    if (trusts.empty()) return std::nullopt;
    return fail(call, "leader only on a change",
                fmt::format("output Trust({}) but the leader stays {} (suspected set gives {})",
                            trusts.front(), leader_name(current), leader_name(expected)));
  }
  if (trusts.size() == 1 && trusts.front() == expected) return std::nullopt;
  if (trusts.empty()) {
    return fail(call, "leader on every change",
                fmt::format("the leader changed from {} to {} (highest unsuspected id) but no "
                            "Trust was output",
                            leader_name(current), leader_name(expected)));
  }
  return fail(call, "leader",
              fmt::format("output {} Trust (first Trust({})); expected exactly one Trust({}), "
                          "the highest unsuspected id",
                          trusts.size(), trusts.front(), expected));
}

}  // namespace

NodeId NodeRules::highest_unsuspected() const {
  for (NodeId n = nodes_; n >= 1; --n) {
    if (!suspected_.contains(n)) return n;
  }
  return kUnknownLeader;
}

std::optional<std::string> NodeRules::check(const HandlerCall& call) {
  switch (call.kind) {
    case CallKind::kStart:
      return on_start(call);
    case CallKind::kTimer:
      return started_ ? on_timeout(call) : std::nullopt;
    case CallKind::kMessage:
      break;
  }
  return started_ ? on_message(call) : std::nullopt;
}

std::optional<std::string> NodeRules::on_start(const HandlerCall& call) {
  started_ = true;
  period_start_ = call.now;
  alive_.clear();
  first_period_ = true;
  suspected_.clear();
  delay_ = kInitialDelay;
  const NodeId before = kUnknownLeader;
  leader_ = highest_unsuspected();
  const Produced p = sort_effects(call);
  if (auto v = common_rules(call, p)) return v;
  if (!p.suspects.empty() || !p.restores.empty()) {
    return fail(call, "start", "output a Suspect or Restore; a start suspects nobody");
  }
  if (auto v = leader_rule(call, p.trusts, before, leader_)) return v;
  if (p.timers.size() != 1 || p.timers.front() != kInitialDelay) {
    return fail(call, "delay",
                fmt::format("set {} timer(s){}; a start sets exactly one Timeout of kInitialDelay "
                            "= {}",
                            p.timers.size(),
                            p.timers.empty() ? "" : " (first: " + format_time(p.timers[0]) + ")",
                            format_time(kInitialDelay)));
  }
  return std::nullopt;
}

std::optional<std::string> NodeRules::on_message(const HandlerCall& call) {
  if (std::holds_alternative<HeartbeatReply>(*call.msg) && call.from >= 1 && call.from <= nodes_) {
    alive_.try_emplace(call.from, call.now);
  }
  const Produced p = sort_effects(call);
  if (auto v = common_rules(call, p)) return v;
  if (!p.suspects.empty() || !p.restores.empty() || !p.trusts.empty()) {
    return fail(call, "outputs only in a timeout",
                "output a Suspect, Restore or Trust while handling a message; the suspected set "
                "and the leader change only in a timeout");
  }
  if (!p.timers.empty()) return fail(call, "timer", "set a timer while handling a message");
  return std::nullopt;
}

std::optional<std::string> NodeRules::on_timeout(const HandlerCall& call) {
  const Produced p = sort_effects(call);
  if (auto v = common_rules(call, p)) return v;
  const auto heard = [&](NodeId q) { return first_period_ || alive_.contains(q); };
  const auto heard_at = [&](NodeId q) {
    return first_period_ ? std::string("every node starts alive")
                         : "its reply arrived at t=" + format_time(alive_.at(q));
  };
  const auto count = [](const std::vector<NodeId>& v, NodeId q) {
    return std::count(v.begin(), v.end(), q);
  };
  bool false_suspicion = false;
  for (NodeId q = 1; q <= nodes_; ++q) {
    const bool was = suspected_.contains(q);
    const bool must_suspect = !heard(q) && !was;
    const bool must_restore = heard(q) && was;
    false_suspicion = false_suspicion || must_restore;
    if (count(p.suspects, q) != (must_suspect ? 1 : 0)) {
      return fail(call, must_suspect ? "suspect a silent node" : "justified suspicion",
                  must_suspect ? fmt::format("no HeartbeatReply from n{} arrived since the "
                                             "previous timeout (t={}) and n{} was not suspected, "
                                             "but the node did not output exactly one Suspect(n{})",
                                             q, format_time(period_start_), q, q)
                  : was ? fmt::format("output Suspect(n{}) but n{} is already suspected", q, q)
                        : fmt::format("output Suspect(n{}) but {}", q, heard_at(q)));
    }
    if (count(p.restores, q) != (must_restore ? 1 : 0)) {
      return fail(call, must_restore ? "restore a node heard from" : "justified restore",
                  must_restore ? fmt::format("n{} is suspected and {}, but the node did not "
                                             "output exactly one Restore(n{})",
                                             q, heard_at(q), q)
                  : was ? fmt::format("output Restore(n{}) but no HeartbeatReply from n{} arrived "
                                      "since the previous timeout (t={})",
                                      q, q, format_time(period_start_))
                        : fmt::format("output Restore(n{}) but n{} was not suspected", q, q));
    }
    if (must_suspect) suspected_.insert(q);
    if (must_restore) suspected_.erase(q);
  }
  for (NodeId q : p.suspects) {
    if (q < 1 || q > nodes_) {
      return fail(call, "justified suspicion", fmt::format("Suspect(n{}) names no node", q));
    }
  }
  for (NodeId q : p.restores) {
    if (q < 1 || q > nodes_) {
      return fail(call, "justified restore", fmt::format("Restore(n{}) names no node", q));
    }
  }
  const NodeId before = leader_;
  leader_ = highest_unsuspected();
  if (auto v = leader_rule(call, p.trusts, before, leader_)) return v;
  if (false_suspicion) delay_ += kDelta;
  alive_.clear();
  first_period_ = false;
  period_start_ = call.now;
  if (p.timers.size() != 1 || p.timers.front() != delay_) {
    return fail(
        call, "delay",
        fmt::format("set {} timer(s){}; expected exactly one Timeout of {} ({})", p.timers.size(),
                    p.timers.empty() ? "" : " (first: " + format_time(p.timers[0]) + ")",
                    format_time(delay_),
                    false_suspicion ? "the previous delay + delta: a suspected node answered"
                                    : "the previous delay: no suspected node answered"));
  }
  return std::nullopt;
}

JustifiedOutputs::JustifiedOutputs(ObservedEngine& engine, int nodes)
    : nodes_(static_cast<std::size_t>(nodes), NodeRules(nodes)) {
  engine.on_call([this](const HandlerCall& call) { observe(call); });
  engine.on_crash([this](NodeId n) { crash(n); });
}

void JustifiedOutputs::observe(const HandlerCall& call) {
  if (call.node < 1 || static_cast<std::size_t>(call.node) > nodes_.size()) return;
  auto broken = nodes_[static_cast<std::size_t>(call.node - 1)].check(call);
  if (broken && !violation_) violation_ = std::move(broken);
}

void JustifiedOutputs::crash(NodeId n) {
  if (n >= 1 && static_cast<std::size_t>(n) <= nodes_.size()) {
    nodes_[static_cast<std::size_t>(n - 1)].crash();
  }
}

}  // namespace lab2::checks
