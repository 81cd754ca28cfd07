// What a lab adds to the exam harness: its `run until` conditions ("decided", "slot 3
// delivered") and its environment inputs ("client 1 a", "leader all 3"). Each lab's
// labs/<lab>/exam/binding.cpp defines one and registers it (registry.hpp).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "grader/exam/command.hpp"
#include "grader/exam/world.hpp"

namespace dslab::exam {

/// A predicate over the cluster, checked after every event of `run until`.
template <class P>
using Condition = std::function<bool(const World<P>&)>;

/// One named condition of a lab.
template <class P>
struct NamedCondition {
  std::string first_word;  ///< for completion: "decided", "slot"
  std::string usage;       ///< "slot <k> delivered"
  std::string summary;     ///< "some replica output Delivered for slot k"
  /// The condition the words name, or nullopt when they are not this condition. Throws
  /// CommandError for bad arguments.
  std::function<std::optional<Condition<P>>(const std::vector<std::string>& words)> parse;
};

/// A message from the environment (to, message).
template <class P>
using Input = std::pair<NodeId, typename P::Message>;

/// One input command of a lab.
template <class P>
struct LabInput {
  CommandInfo info;
  /// The inputs `args` stand for; throws CommandError for bad arguments.
  std::function<std::vector<Input<P>>(const std::vector<std::string>& args, const World<P>& world)>
      make;
};

/// A lab's additions.
template <class P>
struct LabBinding {
  std::vector<NamedCondition<P>> conditions;
  std::vector<LabInput<P>> inputs;
};

/// Helpers for bindings.
/// "all" -> every node, else one node (checked against the cluster).
template <class P>
std::vector<NodeId> targets(const std::string& word, const World<P>& world) {
  if (word == "all") return world.nodes();
  const NodeId n = parse_node(word);
  if (n > static_cast<NodeId>(world.nodes().size())) {
    throw CommandError(
        fmt::format("no node {}: this scenario has n1..n{}", n, world.nodes().size()));
  }
  return {n};
}

/// One input `msg` to each node `who` names ("all" or one node id).
template <class P>
std::vector<Input<P>> to_each(const std::string& who, const World<P>& world,
                              const typename P::Message& msg) {
  std::vector<Input<P>> out;
  for (NodeId n : targets(who, world)) out.emplace_back(n, msg);
  return out;
}

/// The `leader <node|all> <id>` input of a lab whose nodes take the leader detector's
/// notification as a message `L{id}` (labs 3 and 4).
template <class P, class L>
LabInput<P> leader_input() {
  return {{"leader", "leader <node|all> <id>", "the leader detector tells the node(s): id leads",
           "", Complete::kNode, {}},
          [](const std::vector<std::string>& args, const World<P>& w) {
            if (args.size() != 2) throw CommandError("usage: leader <node|all> <id>");
            return to_each(args[0], w, typename P::Message{L{parse_node(args[1])}});
          }};
}

/// Whether some output (at any node, or at `node` when not 0) holds alternative Alt and passes
/// `test`.
template <class Alt, class P, class Test>
bool any_output(const World<P>& world, Test&& test, NodeId node = 0) {
  for (const auto& o : world.outputs()) {
    if (node != 0 && o.node != node) continue;
    if (const auto* alt = std::get_if<Alt>(&o.output); alt != nullptr && test(*alt)) return true;
  }
  return false;
}

}  // namespace dslab::exam
