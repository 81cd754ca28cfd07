// The generic part of a lab's local-rule checker: per-node facts split into what survives a
// crash (by the persist-before-answer rule) and what a node knows in its current incarnation,
// the feed from the ObservedEngine (creations and handler calls), and the first violation,
// worded for the student, and RuleChecker, the frame of a lab's checker on them. The rules
// themselves are the lab's (e.g. lab 4's log_rules.hpp; the Paxos pieces in paxos_rules.hpp).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/codec/view.hpp"
#include "runtime/testing/observed_engine.hpp"

namespace dslab::labkit {

/// Whether the handler call wrote a value to stable storage (a put; an erase does not count).
template <node::Protocol P>
bool writes_storage(const HandlerCall<P>& call) {
  return std::any_of(call.effects.begin(), call.effects.end(), [](const auto& effect) {
    const auto* write = std::get_if<node::StorageWrite>(&effect);
    return write != nullptr && write->value.has_value();
  });
}

/// Which handler ran, for a failure message: "in on_start", "on its timer Tick()",
/// "handling Prepare(slot=1, round=3) from n1" (or "from the environment").
template <node::Protocol P>
std::string handler_text(const HandlerCall<P>& call) {
  switch (call.kind) {
    case CallKind::kStart:
      return "in on_start";
    case CallKind::kTimer:
      return call.timer != nullptr ? "on its timer " + codec::to_text(*call.timer)
                                   : std::string("on a timer");
    case CallKind::kMessage:
      break;
  }
  const std::string from =
      call.from == kEnvironment ? "the environment" : fmt::format("n{}", call.from);
  return fmt::format("handling {} from {}", call.msg != nullptr ? codec::to_text(*call.msg) : "?",
                     from);
}

/// "n1, n3", or "nobody" for an empty set.
std::string node_list(const std::set<NodeId>& nodes);

/// The first rule violation of a run, kept and worded for the student (later ones are
/// ignored: they usually follow from the first):
///   n2 sent Promise(...)
///       while handling Prepare(...) from n1
///       rule: <the rule in the handout's words>
///       seen: <the facts behind it>
class FirstViolation {
 public:
  /// Records a violation by `node` unless one is kept already. `what` the node did,
  /// `handler` as handler_text() says it, `rule` and `facts` one line each (wrapped here).
  void flag(NodeId node, const std::string& what, const std::string& handler,
            std::string_view rule, const std::string& facts);
  bool ok() const { return !text_.has_value(); }
  /// The message, once a rule was broken.
  const std::optional<std::string>& text() const { return text_; }

 private:
  std::optional<std::string> text_;
};

/// `text` on lines of at most `width` columns; continuation lines start with `indent`, and
/// the first line is taken to start at column indent.size().
std::string wrap(std::string_view text, std::string_view indent, std::size_t width = 92);

/// Per-node facts of a rule checker over nodes 1..n. `Durable` holds what a node did over the
/// whole run (what its stable storage must hold); `Volatile` what it knows since its last
/// start, reset at each (re)creation. Not thread-safe.
template <class Durable, class Volatile>
class Incarnations {
 public:
  struct Node {
    int incarnation = 1;  ///< 1 at boot, one more at every restart
    Durable durable{};
    Volatile now{};
  };

  /// Nodes 1..`nodes`, in their first incarnation (the simulator creates them before any
  /// checker is attached).
  explicit Incarnations(int nodes) {
    for (NodeId n = 1; n <= nodes; ++n) nodes_.emplace(n, Node{});
  }

  /// Node n's memory was created again (a restart): a new incarnation knowing nothing.
  /// Returns the node (to seed its volatile view from the durable one), or nullptr if n is
  /// not a node of the cluster.
  Node* created(NodeId n) {
    Node* node = find(n);
    if (node == nullptr) return nullptr;
    ++node->incarnation;
    node->now = Volatile{};
    return node;
  }
  /// Node n, or nullptr if n is not in 1..n (the environment, say).
  Node* find(NodeId n) {
    const auto it = nodes_.find(n);
    return it == nodes_.end() ? nullptr : &it->second;
  }
  /// Whether n is a node of the cluster.
  bool contains(NodeId n) const { return nodes_.contains(n); }
  int size() const { return static_cast<int>(nodes_.size()); }

 private:
  std::map<NodeId, Node> nodes_;
};

/// Feeds a rule checker from a run's observed engine: `checker.created(n)` at every creation
/// of a node's memory after this call (restarts), `checker.handled(call)` after every handler
/// call, and the invariant `name` (kind "safety") on `sim` fails the run with
/// `checker.violation()` after the event that broke a rule. Adds listeners beside the other
/// checkers' (never clears them). `checker` must outlive the run.
template <class Sim, node::Protocol P, class Checker>
void watch_rules(Sim& sim, ObservedEngine<P>& engine, Checker& checker,
                 std::string name = "protocol rule") {
  engine.on_create([&checker](NodeId n, const node::StorageMap&) { checker.created(n); });
  engine.on_call([&checker](const HandlerCall<P>& call) { checker.handled(call); });
  sim.add_invariant(std::move(name), [&checker] { return checker.violation(); });
}

/// The first broken rule of a run, with its rule (an enum of the lab's) and the message for
/// the student, worded by FirstViolation from the handler call and `text(rule)`.
template <class Rule>
class FirstBroken {
 public:
  using Text = const char* (*)(Rule);
  explicit FirstBroken(Text words) : text_(words) {}

  /// Records that `call` broke `rule` by `what`, for `facts`, unless a violation is kept.
  template <node::Protocol P>
  void flag(const HandlerCall<P>& call, Rule rule, const std::string& what,
            const std::string& facts) {
    if (!first_.ok()) return;
    rule_ = rule;
    first_.flag(call.node, what, handler_text(call), text_(rule), facts);
  }
  bool ok() const { return first_.ok(); }
  const std::optional<std::string>& text() const { return first_.text(); }
  const std::optional<Rule>& rule() const { return rule_; }

 private:
  Text text_;
  FirstViolation first_;
  std::optional<Rule> rule_;
};

/// The frame of a lab's rule checker over nodes 1..n: per-node incarnations, the feed from a
/// run (watch), and the first broken rule. `Lab` derives from it (CRTP) and provides the hooks
/// (private, with `friend` of its base, or public):
///   void restarted(Node& node);                        a new incarnation: seed node.now
///   void receive(Node& node, const HandlerCall<P>&);   a message arrived (before check)
///   void check(Node& node, const HandlerCall<P>&);     the call's effects against the rules
/// The first violation is kept; later calls are ignored. Not thread-safe.
template <class Lab, node::Protocol P, class Durable, class Volatile, class Rule>
class RuleChecker {
 public:
  using Nodes = Incarnations<Durable, Volatile>;
  using Node = typename Nodes::Node;
  using Call = HandlerCall<P>;

  /// Nodes 1..`nodes`; `words(rule)` is a rule in the handout's words.
  RuleChecker(int nodes, typename FirstBroken<Rule>::Text words) : nodes_(nodes), first_(words) {}
  RuleChecker(const RuleChecker&) = delete;
  RuleChecker& operator=(const RuleChecker&) = delete;

  /// Subscribes to `engine` and fails `sim` (kind "safety", invariant "protocol rule") after
  /// the event in which a rule was broken (watch_rules). This object must outlive the run.
  template <class Sim>
  void watch(Sim& sim, ObservedEngine<P>& engine) {
    watch_rules(sim, engine, lab());
  }
  /// Node n's memory was created again (a restart): its volatile knowledge starts empty.
  void created(NodeId n) {
    if (Node* node = nodes_.created(n)) lab().restarted(*node);
  }
  /// One handler call of a node with its effects.
  void handled(const Call& call) {
    Node* node = nodes_.find(call.node);
    if (!ok() || node == nullptr) return;
    if (call.kind == CallKind::kMessage) lab().receive(*node, call);
    lab().check(*node, call);
  }

  /// The first violation: the message for the student, and its rule.
  const std::optional<std::string>& violation() const { return first_.text(); }
  const std::optional<Rule>& violated() const { return first_.rule(); }

 protected:
  /// Records that `call` broke `rule` by `what` (what the node did), for `facts`.
  void flag(const Call& call, Rule rule, const std::string& what, const std::string& facts) {
    first_.flag(call, rule, what, facts);
  }
  bool ok() const { return first_.ok(); }
  /// Whether `n` is a node of the cluster (not the environment).
  bool is_node(NodeId n) const { return nodes_.contains(n); }

 private:
  Lab& lab() { return static_cast<Lab&>(*this); }

  Nodes nodes_;
  FirstBroken<Rule> first_;
};

}  // namespace dslab::labkit
