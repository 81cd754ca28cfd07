// Lab 4 in the exam harness (dslab exam): client commands and leader notifications as inputs,
// delivered slots as `run until` conditions.
#include <charconv>

#include "grader/exam/registry.hpp"
#include "labs/lab4-multipaxos/api/protocol.hpp"

namespace {
using dslab::NodeId;
using dslab::exam::CommandError;
using dslab::exam::Condition;
using P = lab4::Protocol;
using W = dslab::exam::World<P>;

bool delivered(const W& w, NodeId n, lab4::Slot slot) {
  return dslab::exam::any_output<lab4::Delivered>(
      w, [slot](const lab4::Delivered& d) { return d.slot == slot; }, n);
}

dslab::exam::LabBinding<P> binding() {
  dslab::exam::LabBinding<P> b;
  b.inputs.push_back(
      {{"client",
        "client <node|all> <client> <seq> <payload>",
        "a client asks the node(s) to append a command",
        "Example: client 3 7 1 put-x (client 7's first command). A retry repeats client and seq.",
        dslab::exam::Complete::kNode,
        {}},
       [](const std::vector<std::string>& args, const W& w) {
         if (args.size() != 4)
           throw CommandError("usage: client <node|all> <client> <seq> <payload>");
         lab4::Command c;
         c.client =
             static_cast<std::int32_t>(dslab::exam::parse_count(args[1], "the client id", 1000000));
         c.seq = dslab::exam::parse_count(args[2], "the sequence number", 1000000000);
         c.payload = args[3];
         return dslab::exam::to_each(args[0], w, lab4::ClientRequest{c});
       }});
  b.inputs.push_back(dslab::exam::leader_input<P, lab4::Leader>());
  b.conditions.push_back(
      {"slot", "slot <k> delivered [everywhere]",
       "some (every) up replica outputs Delivered for slot k",
       [](const std::vector<std::string>& words) -> std::optional<Condition<P>> {
         if (words.size() < 3 || words[0] != "slot" || words[2] != "delivered") return std::nullopt;
         if (words.size() > 4 || (words.size() == 4 && words[3] != "everywhere")) {
           throw CommandError("usage: run until slot <k> delivered [everywhere]");
         }
         const auto slot =
             static_cast<lab4::Slot>(dslab::exam::parse_count(words[1], "the slot", 1000000));
         const bool everywhere = words.size() == 4;
         return [slot, everywhere](const W& w) {
           bool any = false;
           for (NodeId n : w.nodes()) {
             if (!w.is_up(n)) continue;
             const bool d = delivered(w, n, slot);
             if (everywhere && !d) return false;
             any = any || d;
           }
           return any;
         };
       }});
  return b;
}

const dslab::exam::LabRegistration registration{
    dslab::exam::host_lab<P>("lab4-multipaxos", "lab4_host", binding)};

}  // namespace
