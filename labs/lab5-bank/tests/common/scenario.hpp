// Lab 5 test scaffolding shared by public and hidden tests: the per-run checkers and runner, the
// configurations, the adversarial log a run's replicas sit on (runtime/sim/adversarial_log.hpp),
// the bank workload (the kit's clients with a history checked under BankOps), and the randomized
// run most tests use (faults, heal, every operation answered, history linearizable).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "labs/lab5-bank/api/protocol.hpp"
#include "labs/lab5-bank/tests/common/bank_ops.hpp"
#include "labs/lab5-bank/tests/common/execution_checker.hpp"
#include "runtime/sim/adversarial_log.hpp"
#include "runtime/testing/clients.hpp"
#include "runtime/testing/runner.hpp"
#include "runtime/testing/script.hpp"

namespace lab5::checks {

using Message = Protocol::Message;
using ObservedEngine = dslab::labkit::ObservedEngine<Protocol>;
using Log = dslab::sim::AdversarialLog<Protocol, Batch>;
using BankClients = dslab::labkit::Clients<Protocol, BankOps>;

/// The checkers of every run, built by the runner right after the simulator.
struct Checkers {
  Checkers(Sim& sim, ObservedEngine& engine);
  /// Every replica's executions and replies against the decided log.
  ExecutionChecker execution;
};

/// The runner of lab 5's randomized and scripted tests.
using Runner = dslab::labkit::Runner<Protocol, Checkers>;

/// The log's faults (and its wrong leader hints) and the crashes end by this time.
inline constexpr dslab::Time kFaultPhase = dslab::msec(1500);
/// After that, every client operation is answered and every live replica has executed every
/// decided command within this bound.
inline constexpr dslab::Duration kLivenessBound = dslab::sec(2);

/// A seed-drawn cluster of 3 or 5 replicas, all booting at t=0 (the log's settings reach them),
/// timer jitter up to 1 ms. Replicas exchange no messages: the log is their only channel.
dslab::sim::SimConfig bank_config(std::uint64_t seed);

/// The log's behaviour: adversarial until a seed-drawn time in [0.3 s, kFaultPhase].
dslab::sim::AdversarialLogConfig log_config();
/// The log of one run, its decisions fed to the execution checker; every replica is sent
/// `settings` when it starts.
std::unique_ptr<Log> make_log(Sim& sim, Checkers& checkers, const Configure& settings = {},
                              const dslab::sim::AdversarialLogConfig& config = log_config());

/// How the workload's clients pick the replica they send to.
enum class Routing : std::uint8_t {
  kAnyReplica,       ///< every send (first or retry) to a replica drawn at random
  kFollowRedirects,  ///< keep to one replica, follow its Redirect, on a timeout the next in turn
};

/// The clients of a run: `clients` clients of `operations` operations each on accounts a, b, c
/// (deposits, withdrawals, transfers, balances, and a few refused operations), ids from
/// `first_client`; they retry every `retry_after` and never give up.
struct WorkloadSpec {
  int clients = 3;
  int operations = 8;
  int first_client = 1;
  dslab::Time start = 0;
  dslab::Duration think = dslab::msec(60);
  dslab::Duration retry_after = dslab::msec(25);
  Routing routing = Routing::kFollowRedirects;
};

/// The kit's clients on the bank: each operation a ClientRequest, its answer a Reply.
std::unique_ptr<BankClients> bank_clients(Sim& sim, const WorkloadSpec& spec);

/// The randomized run of most tests: the log (adversarial until it stabilises by kFaultPhase),
/// the workload, the nemesis (crashes and restarts of a minority) until kFaultPhase; then every
/// operation answered and every live replica caught up within kLivenessBound, and the history
/// linearizable. `why` names the liveness conditions in a failure.
void faults_then_answer(Sim& sim, Checkers& checkers, const dslab::sim::NemesisConfig& nemesis,
                        const WorkloadSpec& workload, const std::string& why,
                        const Configure& settings = {});

/// Nemesis settings: crashes and restarts of a minority; no link faults (replicas exchange no
/// messages; the log's own faults stand for the network's).
dslab::sim::NemesisConfig crash_nemesis();
/// No nemesis: only the log's faults.
dslab::sim::NemesisConfig no_nemesis();

/// Runs until every client operation is answered and every live replica caught up, or fails
/// the run (kind "liveness") by `deadline`.
bool answered_by(Sim& sim, const Checkers& checkers, const BankClients& clients,
                 dslab::Time deadline, const std::string& why);

/// The clients' history is linearizable under BankOps, checked per account (P-compositional);
/// else the run fails with the checker's explanation.
bool require_linearizable(BankClients& clients);

/// Conservation: an auditor (client 100) reads accounts a, b and c one after the other (nothing
/// else runs); fails the run (kind "conservation") unless the balances sum to `expected`.
void audit_total(Sim& sim, const Checkers& checkers, std::int64_t expected);

}  // namespace lab5::checks
