// Lab 3 in the exam harness (dslab exam): client requests and leader notifications as inputs,
// decisions as `run until` conditions.
#include "grader/exam/registry.hpp"
#include "labs/lab3-paxos/api/protocol.hpp"

namespace {
using dslab::NodeId;
using dslab::exam::CommandError;
using dslab::exam::Condition;
using P = lab3::Protocol;
using W = dslab::exam::World<P>;

bool decided(const W& w, NodeId n) {
  return dslab::exam::any_output<lab3::Decided>(
      w, [](const lab3::Decided&) { return true; }, n);
}

dslab::exam::LabBinding<P> binding() {
  dslab::exam::LabBinding<P> b;
  b.inputs.push_back({{"client",
                       "client <node|all> <value>",
                       "a client asks the node(s) to decide value",
                       "",
                       dslab::exam::Complete::kNode,
                       {}},
                      [](const std::vector<std::string>& args, const W& w) {
                        if (args.size() != 2)
                          throw CommandError("usage: client <node|all> <value>");
                        return dslab::exam::to_each(args[0], w, lab3::ClientRequest{args[1]});
                      }});
  b.inputs.push_back(dslab::exam::leader_input<P, lab3::Leader>());
  b.conditions.push_back({"decided", "decided", "some node outputs Decided",
                          [](const std::vector<std::string>& words) -> std::optional<Condition<P>> {
                            if (words != std::vector<std::string>{"decided"}) return std::nullopt;
                            return [](const W& w) { return !w.outputs().empty(); };
                          }});
  b.conditions.push_back({"all", "all decided", "every up node has output Decided",
                          [](const std::vector<std::string>& words) -> std::optional<Condition<P>> {
                            if (words != std::vector<std::string>{"all", "decided"})
                              return std::nullopt;
                            return [](const W& w) {
                              for (NodeId n : w.nodes()) {
                                if (w.is_up(n) && !decided(w, n)) return false;
                              }
                              return true;
                            };
                          }});
  return b;
}

const dslab::exam::LabRegistration registration{
    dslab::exam::host_lab<P>("lab3-paxos", "lab3_host", binding)};

}  // namespace
