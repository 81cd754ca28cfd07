// Lab 4 test scaffolding: checkers, configurations, key-value workload, liveness (see header).
#include "labs/lab4-multipaxos/tests/common/scenario.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

namespace lab4::checks {

Checkers::Checkers(Sim& sim, ObservedEngine& engine) : log(sim), rules(sim.size()) {
  rules.watch(sim, engine);
}

dslab::sim::SimConfig steady_config(int n) {
  dslab::sim::SimConfig c;
  c.nodes = n;
  c.network = dslab::labkit::fixed_latency(dslab::msec(1));
  return c;
}

dslab::sim::OracleConfig oracle_config() {
  dslab::sim::OracleConfig c;
  c.stabilize_min = dslab::sec(1);
  c.stabilize_max = kFaultPhase;
  return c;
}

dslab::sim::OracleConfig stable_oracle() {
  dslab::sim::OracleConfig c;
  c.stabilize_min = c.stabilize_max = 0;
  return c;
}

std::string encode(const Kv::Input& input) {
  if (input.kind == Kv::Input::Kind::kGet) return "get " + input.key;
  return "append " + input.key + " " + input.value;
}

namespace {

// Decodes what encode() wrote.
Kv::Input decode(const std::string& payload) {
  std::istringstream in(payload);
  std::string op, key, value;
  in >> op >> key >> value;
  return op == "get" ? Kv::get(key) : Kv::append(key, value);
}

}  // namespace

KvWorkload::KvWorkload(Sim& sim, Checkers& checkers, int clients, int operations,
                       dslab::Duration spread, dslab::Time start, Routing routing)
    : total_(static_cast<std::size_t>(clients * operations)) {
  dslab::labkit::ClientSpec<Protocol, Kv> spec;
  spec.clients = clients;
  spec.operations = operations;
  spec.start = start;
  // Operations spread over about `spread`, but never more than 150 ms apart (the liveness bound
  // after the heal covers every remaining operation).
  spec.think = std::min<dslab::Duration>(2 * spread / operations, dslab::msec(150));
  spec.retry_after = dslab::msec(20);
  spec.attempts = 1'000'000;  // never give up: every operation must be answered
  spec.next = [](dslab::random::Rng& rng, int client) {
    const std::string key = rng.below(2) == 0 ? "x" : "y";
    if (rng.below(3) == 0) return Kv::get(key);
    return Kv::append(key, fmt::format("{}.{};", client, rng.below(1000)));
  };
  spec.request = [&checkers](int client, std::uint64_t seq, const Kv::Input& input) -> Message {
    Command command{client, seq, encode(input)};
    checkers.log.submitted(command);
    return ClientRequest{command};
  };
  spec.reply = [this](const Protocol::Output& output) { return reply(output); };
  if (routing == Routing::kFollowRedirects) {
    spec.redirect = [](const Protocol::Output& output) -> std::optional<dslab::labkit::ClientRedirect> {
      const auto* r = std::get_if<Redirect>(&output);
      if (r == nullptr) return std::nullopt;
      return dslab::labkit::ClientRedirect{r->client, r->seq, r->leader};
    };
  }
  clients_ = std::make_unique<KvClients>(sim, std::move(spec));
}

std::string KvWorkload::progress() const {
  return fmt::format("answered {} of {} client operations", clients_->answered(), total_);
}

std::optional<dslab::labkit::ClientReply<Kv>> KvWorkload::reply(const Protocol::Output& output) {
  const auto* d = std::get_if<Delivered>(&output);
  if (d == nullptr) return std::nullopt;
  log_.emplace(d->slot, d->command);
  execute_through(d->slot);
  if (is_noop(d->command)) return std::nullopt;
  const auto it = results_.find({d->command.client, d->command.seq});
  if (it == results_.end()) return std::nullopt;
  return dslab::labkit::ClientReply<Kv>{d->command.client, d->command.seq, Kv::Output{it->second}};
}

// Applies the log in slot order up to `slot` (the replica that delivered it delivered every
// slot before it, so the prefix is known; the log checker fails a run whose replicas disagree).
void KvWorkload::execute_through(Slot slot) {
  for (auto it = log_.find(executed_ + 1); it != log_.end() && executed_ < slot;
       it = log_.find(executed_ + 1)) {
    ++executed_;
    const Command& c = it->second;
    if (is_noop(c) || results_.count({c.client, c.seq}) != 0) continue;  // first copy counts
    const Kv::Input in = decode(c.payload);
    if (in.kind == Kv::Input::Kind::kAppend) kv_[in.key] += in.value;
    results_[{c.client, c.seq}] = in.kind == Kv::Input::Kind::kGet ? kv_[in.key] : "";
  }
}

bool all_delivered_by(Sim& sim, const Checkers& checkers, dslab::Time deadline,
                      const std::function<bool()>& done, const std::string& why) {
  const bool ok = dslab::labkit::eventually(
      sim, deadline, [&] { return done() && checkers.log.all_live_caught_up(); },
      fmt::format("every command delivered and every live replica caught up ({})", why),
      [&] { return "replicas behind: " + checkers.log.behind(); });
  return ok && !sim.failed();
}

void faults_then_deliver(Sim& sim, Checkers& checkers, dslab::sim::NemesisConfig nemesis,
                         int operations, const std::string& why, Routing routing) {
  dslab::sim::LeaderOracle<Protocol> oracle(sim, oracle_config(), leader_message);
  KvWorkload clients(sim, checkers, 3, operations, kFaultPhase, 0, routing);
  nemesis.until = kFaultPhase;
  dslab::labkit::fault_phase(sim, nemesis);
  const bool ok = dslab::labkit::eventually(
      sim, kFaultPhase + kLivenessBound,
      [&] { return clients.done() && checkers.log.all_live_caught_up(); },
      fmt::format("every client operation answered and every live replica caught up ({})", why),
      [&] { return clients.progress() + "; replicas behind: " + checkers.log.behind(); });
  if (!ok) return;
  // Keep going a while after the heal: late messages and restarted replicas must not break
  // safety, and the replicas restarted at the heal must catch up too.
  const dslab::Time end = std::max(sim.now(), kFaultPhase) + dslab::msec(600);
  sim.run_until(end);
  if (sim.failed()) return;
  if (!checkers.log.all_live_caught_up()) {
    return sim.fail("liveness", "every live replica delivers every decided slot within 600 ms "
                                "after the clients are done and the faults healed; behind: " +
                                    checkers.log.behind());
  }
  clients.require_linearizable();
}

Command submit(Sim& sim, Checkers& checkers, dslab::Time at, NodeId node, std::int32_t client,
               std::uint64_t seq) {
  Command command{client, seq, fmt::format("c{}.{}", client, seq)};
  checkers.log.submitted(command);
  sim.inject_at(at, node, ClientRequest{command});
  return command;
}

}  // namespace lab4::checks
