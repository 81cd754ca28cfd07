// Lab 5 test scaffolding: checkers, configurations, the log, the bank workload (see header).
#include "labs/lab5-bank/tests/common/scenario.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace lab5::checks {

using dslab::msec;
using dslab::sec;

Checkers::Checkers(Sim& sim, ObservedEngine& /*engine*/) : execution(sim) {}

dslab::sim::SimConfig bank_config(std::uint64_t seed) {
  dslab::sim::SimConfig c;
  c.nodes = dslab::labkit::swarm_cluster_size(seed);
  c.network = dslab::labkit::fixed_latency(msec(1));
  c.timer_jitter = msec(1);
  return c;
}

dslab::sim::AdversarialLogConfig log_config() {
  dslab::sim::AdversarialLogConfig c;
  c.stabilize_min = msec(300);
  c.stabilize_max = kFaultPhase;
  return c;
}

std::unique_ptr<Log> make_log(Sim& sim, Checkers& checkers, const Configure& settings,
                              const dslab::sim::AdversarialLogConfig& config) {
  dslab::sim::AdversarialLogSpec<Protocol, Batch> spec;
  spec.proposal = [](const Protocol::Output& o) -> std::optional<Batch> {
    if (const auto* p = std::get_if<Propose>(&o)) return p->batch;
    return std::nullopt;
  };
  spec.decided = [](std::int64_t slot, const Batch& b) -> Message { return Decided{slot, b}; };
  spec.leader = [](NodeId leader) -> Message { return Leader{leader}; };
  spec.boot = [settings](NodeId) { return std::vector<Message>{settings}; };
  auto log = std::make_unique<Log>(sim, config, std::move(spec));
  log->on_decide([&checkers](const Log::Decision& d) { checkers.execution.decided(d.slot, d.value); });
  return log;
}

namespace {

Operation next_operation(dslab::random::Rng& rng) {
  static const char* const kAccounts[] = {"a", "b", "c"};
  const std::string account = kAccounts[rng.below(3)];
  const std::string to = kAccounts[rng.below(3)];
  const auto amount = static_cast<std::int64_t>(rng.between(1, 20));
  const auto pick = rng.below(100);
  if (pick < 30) return Operation{kDeposit, account, "", amount};
  if (pick < 52) return Operation{kWithdraw, account, "", amount};
  if (pick < 72) return Operation{kTransfer, account, to, amount};
  if (pick < 94) return Operation{kBalance, account, "", 0};
  if (pick < 96) return Operation{kDeposit, account, "", -amount};  // refused: bad amount
  if (pick < 98) return Operation{kTransfer, account, to, 0};       // refused: bad amount
  return Operation{"steal", account, to, amount};                   // refused: unknown
}

}  // namespace

std::unique_ptr<BankClients> bank_clients(Sim& sim, const WorkloadSpec& w) {
  dslab::labkit::ClientSpec<Protocol, BankOps> spec;
  spec.clients = w.clients;
  spec.first_client = w.first_client;
  spec.operations = w.operations;
  spec.start = w.start;
  spec.think = w.think;
  spec.retry_after = w.retry_after;
  spec.attempts = 1'000'000;  // never give up: every operation must be answered
  spec.next = [](dslab::random::Rng& rng, int) { return next_operation(rng); };
  spec.request = [](int client, std::uint64_t seq, const Operation& op) -> Message {
    return ClientRequest{Command{client, seq, op}};
  };
  spec.reply = [](const Protocol::Output& o) -> std::optional<dslab::labkit::ClientReply<BankOps>> {
    const auto* r = std::get_if<Reply>(&o);
    if (r == nullptr) return std::nullopt;
    return dslab::labkit::ClientReply<BankOps>{r->client, r->seq, r->result};
  };
  if (w.routing == Routing::kFollowRedirects) {
    spec.redirect = [](const Protocol::Output& o) -> std::optional<dslab::labkit::ClientRedirect> {
      const auto* r = std::get_if<Redirect>(&o);
      if (r == nullptr) return std::nullopt;
      return dslab::labkit::ClientRedirect{r->client, r->seq, r->leader};
    };
  }
  return std::make_unique<BankClients>(sim, std::move(spec));
}

dslab::sim::NemesisConfig crash_nemesis() {
  dslab::sim::NemesisConfig n;
  n.min_gap = msec(100);
  n.max_gap = msec(400);
  n.partitions = n.one_way = false;
  return n;
}

dslab::sim::NemesisConfig no_nemesis() {
  dslab::sim::NemesisConfig n = crash_nemesis();
  n.crashes = n.restarts = false;
  return n;
}

bool answered_by(Sim& sim, const Checkers& checkers, const BankClients& clients,
                 dslab::Time deadline, const std::string& why) {
  const bool ok = dslab::labkit::eventually(
      sim, deadline, [&] { return clients.done() && checkers.execution.all_live_caught_up(); },
      fmt::format("every client operation answered and every live replica caught up ({})", why),
      [&] {
        return fmt::format("answered {} operations; replicas behind: {}", clients.answered(),
                           checkers.execution.behind());
      });
  return ok && !sim.failed();
}

void faults_then_answer(Sim& sim, Checkers& checkers, const dslab::sim::NemesisConfig& nemesis,
                        const WorkloadSpec& workload, const std::string& why,
                        const Configure& settings) {
  auto log = make_log(sim, checkers, settings);
  auto clients = bank_clients(sim, workload);
  dslab::sim::NemesisConfig n = nemesis;
  n.until = kFaultPhase;
  if (n.crashes) dslab::labkit::fault_phase(sim, n);
  if (!answered_by(sim, checkers, *clients, kFaultPhase + kLivenessBound, why)) return;
  require_linearizable(*clients);
}

bool require_linearizable(BankClients& clients) {
  dslab::lincheck::Options options;
  options.partition = true;
  return clients.require_linearizable(BankOps{}, options);
}

void audit_total(Sim& sim, const Checkers& checkers, std::int64_t expected) {
  dslab::labkit::ClientSpec<Protocol, BankOps> spec;
  spec.clients = 1;
  spec.first_client = 100;
  spec.operations = 3;
  spec.start = sim.now();
  spec.think = 0;
  spec.retry_after = msec(25);
  spec.attempts = 1'000'000;
  auto next = std::make_shared<int>(0);
  spec.next = [next](dslab::random::Rng&, int) {
    static const char* const kAccounts[] = {"a", "b", "c"};
    return Operation{kBalance, kAccounts[(*next)++ % 3], "", 0};
  };
  spec.request = [](int client, std::uint64_t seq, const Operation& op) -> Message {
    return ClientRequest{Command{client, seq, op}};
  };
  spec.reply = [](const Protocol::Output& o) -> std::optional<dslab::labkit::ClientReply<BankOps>> {
    const auto* r = std::get_if<Reply>(&o);
    if (r == nullptr) return std::nullopt;
    return dslab::labkit::ClientReply<BankOps>{r->client, r->seq, r->result};
  };
  spec.redirect = [](const Protocol::Output& o) -> std::optional<dslab::labkit::ClientRedirect> {
    const auto* r = std::get_if<Redirect>(&o);
    if (r == nullptr) return std::nullopt;
    return dslab::labkit::ClientRedirect{r->client, r->seq, r->leader};
  };
  BankClients auditor(sim, std::move(spec));
  if (!answered_by(sim, checkers, auditor, sim.now() + sec(1), "the audit after the heal")) return;
  std::int64_t total = 0;
  std::string balances;
  for (const auto& op : auditor.history()) {
    total += op.output->balance;
    balances += fmt::format("{}{} = {}", balances.empty() ? "" : ", ", op.input.account,
                            op.output->balance);
  }
  if (total != expected) {
    sim.fail("conservation",
             fmt::format("the audit read {} (total {}), but the clients were told of deposits "
                         "minus withdrawals totalling {}: money was {}",
                         balances, total, expected, total > expected ? "created" : "destroyed"));
  }
}

}  // namespace lab5::checks
