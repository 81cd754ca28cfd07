// Lab 3 search scenarios for the model checker (runtime/mc), shared by the hidden search tests
// and the search benchmark: the model (3 nodes, two proposers with different client values),
// the consensus invariant over a state's outputs, the decision goal, and the stated bounds.
#pragma once

#include <set>
#include <string>

#include "labs/lab3-paxos/api/protocol.hpp"
#include "labs/lab3-paxos/tests/common/consensus_checker.hpp"
#include "runtime/mc/report.hpp"
#include "runtime/mc/search.hpp"
#include "runtime/testing/lab_engine.hpp"

namespace lab3::checks::search {

namespace mc = dslab::mc;

/// 3 nodes; during setup n1 hears Leader(1) and client value "a", n2 hears Leader(2) and "b",
/// so both start a round at once (Prepare(1) and Prepare(2) in flight). The progress timers
/// fire only when no message is in flight (pruning), so retries interleave at phase ends.
inline mc::Model<Protocol> competing_proposers(mc::Faults faults, mc::Pruning pruning) {
  pruning.timers_when_quiet = true;
  return {.nodes = 3,
          .inputs = {{.to = 1, .msg = Leader{1}},
                     {.to = 1, .msg = ClientRequest{"a"}},
                     {.to = 2, .msg = Leader{2}},
                     {.to = 2, .msg = ClientRequest{"b"}}},
          .faults = faults,
          .pruning = pruning};
}

/// Agreement, validity and exactly-once over every output of the state, judged by the lab's
/// ConsensusChecker rules (Decisions), node by node.
inline mc::Invariant<Protocol> consensus() {
  return {"consensus", [](const mc::State<Protocol>& s) -> std::optional<std::string> {
            Decisions decisions({"a", "b"});
            for (NodeId n = 1; n <= s.size(); ++n) {
              for (const auto& out : s.node(n).outputs) {
                if (auto why = decisions.observe(n, std::get<Decided>(out).value, "")) return why;
              }
            }
            return std::nullopt;
          }};
}

/// Some node output Decided.
inline mc::Goal<Protocol> some_node_decided() {
  return {"some node decided", [](const mc::State<Protocol>& s) {
            for (const auto& node : s.nodes) {
              if (!node.outputs.empty()) return true;
            }
            return false;
          }};
}

/// The safety search: every state within 9 steps of the start (no faults).
inline constexpr mc::Bounds kSafetyBounds{.depth = 9, .states = 2'000'000};
inline constexpr const char* kSafetySearch = "breadth-first search to depth 9";
inline constexpr const char* kSafetyProperty =
    "two proposers (n1 with \"a\", n2 with \"b\") start at once on 3 nodes: in every state "
    "reachable within 9 message deliveries (any order), no two nodes decide differently, only "
    "client values are decided, each node decides once";

/// The goal search: a decision within 12 steps.
inline constexpr mc::Bounds kGoalBounds{.depth = 12, .states = 2'000'000};
inline constexpr const char* kGoalSearch = "breadth-first search to depth 12";

/// Random walks past the BFS depth, with one duplicate and one crash (and its restart).
inline constexpr mc::Probes kProbes{.walks = 1000, .depth = 60, .seed = 1};
inline constexpr const char* kProbeSearch = "1000 random walks of 60 steps";
inline constexpr const char* kProbeProperty =
    "two competing proposers on 3 nodes, one duplicated message and one crash/restart: "
    "agreement, validity and exactly-once in every state of 1000 random walks of 60 steps, and some walk reaches a decision";

}  // namespace lab3::checks::search
