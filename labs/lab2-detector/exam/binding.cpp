// Lab 2 in the exam harness (dslab exam): the `run until` conditions of a failure detector.
// No environment inputs: the detector runs on its own timer.
#include "grader/exam/registry.hpp"
#include "labs/lab2-detector/api/protocol.hpp"

namespace {
using dslab::NodeId;
using dslab::exam::Condition;
using dslab::exam::World;
using W = World<lab2::Protocol>;

// The leader node n trusts now: its last Trust output in its current incarnation (0: none yet).
NodeId trusted_by(const W& w, NodeId n) {
  NodeId leader = lab2::kUnknownLeader;
  for (const auto& o : w.outputs()) {
    if (o.node != n || o.time < w.node_slot(n).started_at) continue;
    if (const auto* t = std::get_if<lab2::Trust>(&o.output)) leader = t->leader;
  }
  return leader;
}

// Whether observer n suspects `node` now (its last Suspect/Restore of it, this incarnation).
bool suspects(const W& w, NodeId n, NodeId node) {
  bool suspected = false;
  for (const auto& o : w.outputs()) {
    if (o.node != n || o.time < w.node_slot(n).started_at) continue;
    if (const auto* s = std::get_if<lab2::Suspect>(&o.output); s != nullptr && s->node == node)
      suspected = true;
    if (const auto* r = std::get_if<lab2::Restore>(&o.output); r != nullptr && r->node == node)
      suspected = false;
  }
  return suspected;
}

dslab::exam::LabBinding<lab2::Protocol> binding() {
  dslab::exam::LabBinding<lab2::Protocol> b;
  b.conditions.push_back(
      {"leader", "leader elected", "every up node trusts the same up node",
       [](const std::vector<std::string>& words) -> std::optional<Condition<lab2::Protocol>> {
         if (words != std::vector<std::string>{"leader", "elected"}) return std::nullopt;
         return [](const W& w) {
           NodeId agreed = -1;
           for (NodeId n : w.nodes()) {
             if (!w.is_up(n)) continue;
             const NodeId l = trusted_by(w, n);
             if (l == lab2::kUnknownLeader || (agreed != -1 && l != agreed)) return false;
             agreed = l;
           }
           return agreed > 0 && w.is_up(agreed);
         };
       }});
  b.conditions.push_back(
      {"suspected", "suspected <node>", "every other up node suspects the node",
       [](const std::vector<std::string>& words) -> std::optional<Condition<lab2::Protocol>> {
         if (words.size() != 2 || words[0] != "suspected") return std::nullopt;
         const NodeId target = dslab::exam::parse_node(words[1]);
         return [target](const W& w) {
           for (NodeId n : w.nodes()) {
             if (n != target && w.is_up(n) && !suspects(w, n, target)) return false;
           }
           return true;
         };
       }});
  return b;
}

const dslab::exam::LabRegistration registration{
    dslab::exam::host_lab<lab2::Protocol>("lab2-detector", "lab2_host", binding)};

}  // namespace
