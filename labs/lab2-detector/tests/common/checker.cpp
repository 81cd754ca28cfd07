// Lab 2 tests (trusted): the rules of the handout, checked on every handler call's effects.
#include "labs/lab2-detector/tests/common/checker.hpp"

#include <fmt/format.h>

#include <map>

namespace lab2::checks {

using dslab::format_time;
namespace node = dslab::node;

std::string node_list(const std::vector<NodeId>& nodes) {
  std::string out;
  for (NodeId n : nodes) out += fmt::format("{}n{}", out.empty() ? "" : ", ", n);
  return out.empty() ? "none" : out;
}

Checker::Checker(ObservedEngine& engine, int nodes, Rules rules)
    : nodes_(nodes), rules_(rules), views_(static_cast<std::size_t>(nodes) + 1) {
  engine.on_call([this](const HandlerCall& call) { on_call(call); });
  engine.on_crash([this](NodeId n) {
    if (n >= 1 && n <= nodes_) views_[static_cast<std::size_t>(n)] = NodeView{};
  });
}

const NodeView& Checker::node(NodeId n) const {
  if (n < 1 || n > nodes_) throw std::out_of_range(fmt::format("no node n{}", n));
  return views_[static_cast<std::size_t>(n)];
}

std::vector<NodeId> Checker::live() const {
  std::vector<NodeId> out;
  for (NodeId n = 1; n <= nodes_; ++n) {
    if (node(n).up) out.push_back(n);
  }
  return out;
}

bool Checker::suspects(NodeId p, NodeId q) const {
  const NodeView& v = node(p);
  return v.up && v.suspected.contains(q);
}

bool Checker::two_timeouts_after(Time t) const {
  for (NodeId n : live()) {
    if (node(n).previous_timeout <= t) return false;
  }
  return true;
}

void Checker::flag(std::string message) {
  if (!violation_) violation_ = std::move(message);
}

std::string call_site(const HandlerCall& call) {
  switch (call.kind) {
    case CallKind::kStart:
      return fmt::format("n{} in on_start at t={}", call.node, format_time(call.now));
    case CallKind::kTimer:
      return fmt::format("n{} in its timeout at t={}", call.node, format_time(call.now));
    case CallKind::kMessage:
      break;
  }
  return fmt::format("n{} on {} from n{} at t={}", call.node, dslab::codec::to_text(*call.msg),
                     call.from, format_time(call.now));
}

void Checker::on_call(const HandlerCall& call) {
  if (call.node < 1 || call.node > nodes_) return;
  NodeView& view = views_[static_cast<std::size_t>(call.node)];
  if (call.kind == CallKind::kStart) {
    view = NodeView{};
    view.up = true;
    view.started = true;
    view.started_at = call.now;
  }
  bool restored = false;
  check_outputs(call, view, restored);
  check_timers(call, view, restored);
  check_sends(call, view);
  if (call.kind == CallKind::kTimer) {
    view.previous_timeout = view.last_timeout;
    view.last_timeout = call.now;
    ++view.timeouts;
  }
  if (rules_.leader) check_leader_rule(call, view);
}

void Checker::check_outputs(const HandlerCall& call, NodeView& view, bool& restored) {
  const bool in_timeout = call.kind == CallKind::kTimer;
  for (const auto& effect : call.effects) {
    const auto* emit = std::get_if<node::Emit<Protocol>>(&effect);
    if (emit == nullptr) continue;
    const std::string text = dslab::codec::to_text(emit->output);
    if (const auto* s = std::get_if<Suspect>(&emit->output)) {
      ++suspects_;
      if (forbid_suspect_) flag(fmt::format("{}: {} {}", call_site(call), text, *forbid_suspect_));
      if (rules_.notifications && (s->node < 1 || s->node > nodes_)) {
        flag(fmt::format("{}: {} names no node of the cluster", call_site(call), text));
      } else if (rules_.notifications && !in_timeout) {
        flag(fmt::format("{}: {} outside a timeout", call_site(call), text));
      } else if (rules_.notifications && view.suspected.contains(s->node)) {
        flag(fmt::format("{}: {} but n{} was already suspected (notify only on a change)",
                         call_site(call), text, s->node));
      }
      view.suspected.insert(s->node);
    } else if (const auto* r = std::get_if<Restore>(&emit->output)) {
      restored = true;
      if (rules_.notifications && !in_timeout) {
        flag(fmt::format("{}: {} outside a timeout", call_site(call), text));
      } else if (rules_.notifications && !view.suspected.contains(r->node)) {
        flag(fmt::format("{}: {} but n{} was not suspected", call_site(call), text, r->node));
      }
      view.suspected.erase(r->node);
    } else if (const auto* t = std::get_if<Trust>(&emit->output)) {
      ++trusts_;
      if (forbid_trust_) flag(fmt::format("{}: {} {}", call_site(call), text, *forbid_trust_));
      if (rules_.leader && t->leader == view.leader) {
        flag(fmt::format("{}: {} repeats the current leader (notify only on a change)", call_site(call),
                         text));
      }
      view.leader = t->leader;
    }
  }
}

void Checker::check_timers(const HandlerCall& call, NodeView& view, bool restored) {
  std::vector<Duration> set;
  bool cancelled = false;
  for (const auto& effect : call.effects) {
    if (const auto* t = std::get_if<node::SetTimer<Protocol>>(&effect)) set.push_back(t->after);
    if (std::holds_alternative<node::CancelTimer>(effect)) cancelled = true;
  }
  const Duration previous = view.delay;
  for (Duration after : set) {
    view.delay = after;
    view.next_timeout = std::max(view.next_timeout, call.now + after);
  }
  if (!rules_.delay) return;
  if (cancelled)
    return flag(fmt::format("{}: cancelled a timer (the Timeout is never cancelled)", call_site(call)));
  if (call.kind == CallKind::kMessage) {
    if (!set.empty()) flag(fmt::format("{}: set a timer while handling a message", call_site(call)));
    return;
  }
  if (set.size() != 1) {
    return flag(
        fmt::format("{}: set {} timers; expected exactly one Timeout", call_site(call), set.size()));
  }
  Duration expected = kInitialDelay;
  const char* why = "the initial delay";
  if (call.kind == CallKind::kTimer) {
    expected = restored ? previous + kDelta : previous;
    why = restored ? "the previous delay + delta: this timeout restored a node (false suspicion)"
                   : "the previous delay: this timeout restored no node";
  }
  if (set.front() != expected) {
    return flag(fmt::format("{}: set the Timeout to {}; expected {} ({})", call_site(call),
                            format_time(set.front()), format_time(expected), why));
  }
  if (call.kind == CallKind::kTimer && expected > previous) ++delay_increases_;
}

void Checker::check_sends(const HandlerCall& call, NodeView& view) {
  if (!rules_.budget) return;
  std::map<NodeId, int> requests;
  std::vector<std::pair<NodeId, std::string>> others;
  for (const auto& effect : call.effects) {
    const auto* send = std::get_if<node::Send<Protocol>>(&effect);
    if (send == nullptr) continue;
    if (std::holds_alternative<HeartbeatRequest>(send->msg)) {
      ++requests[send->to];
    } else {
      others.emplace_back(send->to, dslab::codec::to_text(send->msg));
    }
  }
  const auto first_other = [&] {
    return others.empty() ? std::string()
                          : fmt::format("{} to n{}", others.front().second, others.front().first);
  };
  if (call.kind == CallKind::kStart) {
    if (!requests.empty() || !others.empty())
      flag(fmt::format("{}: sent messages; a node sends nothing when it starts", call_site(call)));
  } else if (call.kind == CallKind::kTimer) {
    if (!others.empty())
      return flag(fmt::format("{}: sent {}; a timeout sends only HeartbeatRequests", call_site(call),
                              first_other()));
    for (NodeId n = 1; n <= nodes_; ++n) {
      const int count = requests.contains(n) ? requests.at(n) : 0;
      if (count != 1)
        return flag(
            fmt::format("{}: sent {} HeartbeatRequests to n{}; expected exactly one to each node "
                        "(itself included)",
                        call_site(call), count, n));
    }
    if (requests.size() != static_cast<std::size_t>(nodes_))
      return flag(
          fmt::format("{}: sent a HeartbeatRequest to a node outside the cluster", call_site(call)));
    const Time since = view.last_timeout >= 0 ? view.last_timeout : view.started_at;
    if (call.now - since < kDelta) {
      flag(
          fmt::format("{}: timeout only {} after the previous one (or the start); periods are at "
                      "least delta = {}",
                      call_site(call), format_time(call.now - since), format_time(kDelta)));
    }
  } else if (std::holds_alternative<HeartbeatRequest>(*call.msg)) {
    const bool ok =
        requests.empty() && others.size() == 1 && others.front().first == call.from &&
        others.front().second == dslab::codec::to_text(Protocol::Message{HeartbeatReply{}});
    if (!ok)
      flag(fmt::format("{}: must send exactly one HeartbeatReply, to n{}, and nothing else",
                       call_site(call), call.from));
  } else if (!requests.empty() || !others.empty()) {
    flag(fmt::format("{}: sent messages; a HeartbeatReply is answered by nothing", call_site(call)));
  }
}

void Checker::check_leader_rule(const HandlerCall& call, const NodeView& view) {
  NodeId expected = kUnknownLeader;
  for (NodeId n = nodes_; n >= 1; --n) {
    if (!view.suspected.contains(n)) {
      expected = n;
      break;
    }
  }
  if (view.leader != expected) {
    flag(fmt::format(
        "{}: announced leader is {} but the highest unsuspected node is {} "
        "(suspected: {})",
        call_site(call), view.leader == kUnknownLeader ? "unknown" : fmt::format("n{}", view.leader),
        expected == kUnknownLeader ? "none" : fmt::format("n{}", expected),
        node_list({view.suspected.begin(), view.suspected.end()})));
  }
}

}  // namespace lab2::checks
