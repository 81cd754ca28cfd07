// Lab 5 in the exam harness (dslab exam): the examiner plays the clients and the replicated log
// (client requests, batching settings, leader hints, and which proposal a slot decides);
// executions and replies are the `run until` conditions.
#include <string>
#include <vector>

#include "grader/exam/registry.hpp"
#include "labs/lab5-bank/api/protocol.hpp"

namespace {
using dslab::NodeId;
using dslab::exam::CommandError;
using dslab::exam::Condition;
using P = lab5::Protocol;
using W = dslab::exam::World<P>;

std::int64_t parse_amount(const std::string& word) {
  return static_cast<std::int64_t>(dslab::exam::parse_count(word, "the amount", 1000000000));
}

/// args: <node|all> <client> <seq> <kind> <account> [<to>] [<amount>]
lab5::Command parse_command(const std::vector<std::string>& args) {
  constexpr const char* kUsage =
      "usage: client <node|all> <client> <seq> deposit|withdraw <account> <amount> | balance "
      "<account> | transfer <from> <to> <amount>";
  if (args.size() < 5) throw CommandError(kUsage);
  lab5::Command c;
  c.client = static_cast<std::int32_t>(dslab::exam::parse_count(args[1], "the client id", 1000000));
  c.seq = dslab::exam::parse_count(args[2], "the sequence number", 1000000000);
  c.op.kind = args[3];
  c.op.account = args[4];
  if (c.op.kind == lab5::kBalance && args.size() == 5) return c;
  if ((c.op.kind == lab5::kDeposit || c.op.kind == lab5::kWithdraw) && args.size() == 6) {
    c.op.amount = parse_amount(args[5]);
    return c;
  }
  if (c.op.kind == lab5::kTransfer && args.size() == 7) {
    c.op.to = args[5];
    c.op.amount = parse_amount(args[6]);
    return c;
  }
  throw CommandError(kUsage);
}

/// The proposals of the session so far, numbered from 1 in the order replicas output them.
std::vector<lab5::Batch> proposals(const W& w) {
  std::vector<lab5::Batch> out;
  for (const auto& o : w.outputs()) {
    if (const auto* p = std::get_if<lab5::Propose>(&o.output)) out.push_back(p->batch);
  }
  return out;
}

dslab::exam::LabInput<P> client_input() {
  return {{"client",
           "client <node|all> <client> <seq> <kind> <account> [<to>] [<amount>]",
           "a client asks the node(s) to run a bank operation",
           "Kinds: deposit|withdraw <account> <amount>, balance <account>, transfer <from> <to> "
           "<amount>.\nExample: client 1 7 1 deposit alice 10. A retry repeats client and seq.",
           dslab::exam::Complete::kNode,
           {}},
          [](const std::vector<std::string>& args, const W& w) {
            return dslab::exam::to_each(args.empty() ? "" : args[0], w,
                                        lab5::ClientRequest{parse_command(args)});
          }};
}

dslab::exam::LabInput<P> decide_input() {
  return {{"decide",
           "decide <node|all> <slot> <k|noop>",
           "the log tells the node(s): slot holds proposal k (the k-th Propose output so far)",
           "k numbers the Propose outputs of this session from 1, in order (see `trace`); noop "
           "decides an empty batch. Deciding one proposal in two slots is what a retried or "
           "duplicated proposal does.",
           dslab::exam::Complete::kNode,
           {}},
          [](const std::vector<std::string>& args, const W& w) {
            if (args.size() != 3) throw CommandError("usage: decide <node|all> <slot> <k|noop>");
            lab5::Decided d;
            d.slot =
                static_cast<lab5::Slot>(dslab::exam::parse_count(args[1], "the slot", 1000000));
            if (d.slot < 1) throw CommandError("slots are numbered from 1");
            if (args[2] != "noop") {
              const auto all = proposals(w);
              const auto k = dslab::exam::parse_count(args[2], "the proposal number", 1000000);
              if (k < 1 || k > all.size()) {
                throw CommandError(fmt::format("no proposal {}: the replicas proposed {} so far",
                                               args[2], all.size()));
              }
              d.batch = all[k - 1];
            }
            return dslab::exam::to_each(args[0], w, d);
          }};
}

dslab::exam::LabInput<P> leader_input() {
  return {{"leader",
           "leader <node|all> <id>",
           "the log's leader hint: id leads (0: nobody)",
           "",
           dslab::exam::Complete::kNode,
           {}},
          [](const std::vector<std::string>& args, const W& w) {
            if (args.size() != 2) throw CommandError("usage: leader <node|all> <id>");
            const NodeId id = args[1] == "0" ? 0 : dslab::exam::parse_node(args[1]);
            return dslab::exam::to_each(args[0], w, lab5::Leader{id});
          }};
}

dslab::exam::LabInput<P> configure_input() {
  return {{"configure",
           "configure <node|all> <batch size> <batch delay µs>",
           "the batching settings the log sends a replica when it starts",
           "",
           dslab::exam::Complete::kNode,
           {}},
          [](const std::vector<std::string>& args, const W& w) {
            if (args.size() != 3) throw CommandError("usage: configure <node|all> <size> <delay>");
            lab5::Configure c;
            c.batch_size = static_cast<std::int32_t>(
                dslab::exam::parse_count(args[1], "the batch size", 1000));
            if (c.batch_size < 1) throw CommandError("the batch size is at least 1");
            c.batch_delay = args[2] == "0" ? 0
                                           : static_cast<dslab::Duration>(dslab::exam::parse_count(
                                                 args[2], "the delay", 10000000));
            return dslab::exam::to_each(args[0], w, c);
          }};
}

/// "executed <client> <seq> [everywhere]" and "replied <client> <seq>".
std::optional<Condition<P>> request_condition(const std::vector<std::string>& words) {
  if (words.empty() || (words[0] != "executed" && words[0] != "replied")) return std::nullopt;
  const bool executed = words[0] == "executed";
  const bool everywhere = executed && words.size() == 4 && words[3] == "everywhere";
  if (words.size() != 3 && !everywhere) {
    throw CommandError(
        "usage: run until executed <client> <seq> [everywhere] | replied <client> <seq>");
  }
  const auto client =
      static_cast<std::int32_t>(dslab::exam::parse_count(words[1], "the client id", 1000000));
  const auto seq = dslab::exam::parse_count(words[2], "the sequence number", 1000000000);
  return [=](const W& w) {
    if (!executed) {
      return dslab::exam::any_output<lab5::Reply>(
          w, [&](const lab5::Reply& r) { return r.client == client && r.seq == seq; });
    }
    bool any = false;
    for (NodeId n : w.nodes()) {
      if (!w.is_up(n)) continue;
      const bool done = dslab::exam::any_output<lab5::Executed>(
          w,
          [&](const lab5::Executed& e) {
            return e.command.client == client && e.command.seq == seq;
          },
          n);
      if (everywhere && !done) return false;
      any = any || done;
    }
    return any;
  };
}

dslab::exam::LabBinding<P> binding() {
  dslab::exam::LabBinding<P> b;
  b.inputs = {client_input(), decide_input(), leader_input(), configure_input()};
  b.conditions.push_back({"executed", "executed <client> <seq> [everywhere]",
                          "some (every) up replica output Executed for that request",
                          request_condition});
  b.conditions.push_back({"replied", "replied <client> <seq>",
                          "some replica output Reply for that request", request_condition});
  b.conditions.push_back({"proposed", "proposed <k>",
                          "the replicas output k Propose outputs in all",
                          [](const std::vector<std::string>& words) -> std::optional<Condition<P>> {
                            if (words.empty() || words[0] != "proposed") return std::nullopt;
                            if (words.size() != 2)
                              throw CommandError("usage: run until proposed <k>");
                            const auto k = dslab::exam::parse_count(words[1], "the count", 1000000);
                            return [k](const W& w) { return proposals(w).size() >= k; };
                          }});
  return b;
}

const dslab::exam::LabRegistration registration{
    dslab::exam::host_lab<P>("lab5-bank", "lab5_host", binding)};

}  // namespace
