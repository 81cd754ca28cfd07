// Lab 4 test scaffolding shared by public and hidden tests: the per-run checkers, the runner,
// the configurations, the leader oracle's message, the key-value client workload (the kit's
// clients with a lincheck history, replies read from the delivered log, redirects followed or
// not), and the liveness check.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "labs/lab4-multipaxos/api/protocol.hpp"
#include "labs/lab4-multipaxos/tests/common/log_checker.hpp"
#include "labs/lab4-multipaxos/tests/common/log_rules.hpp"
#include "runtime/lincheck/kv_model.hpp"
#include "runtime/sim/oracle.hpp"
#include "runtime/testing/clients.hpp"
#include "runtime/testing/runner.hpp"
#include "runtime/testing/script.hpp"

namespace lab4::checks {

using Message = Protocol::Message;
using ObservedEngine = dslab::labkit::ObservedEngine<Protocol>;
using Kv = dslab::lincheck::KvModel;
using KvClients = dslab::labkit::Clients<Protocol, Kv>;

/// The checkers of every run, built by the runner right after the simulator: they observe every
/// output and message as it happens and fail the run at the first violation.
struct Checkers {
  Checkers(Sim& sim, ObservedEngine& engine);
  /// Log agreement, in-order gap-free delivery, validity (outputs).
  LogChecker log;
  /// The handout's local rules, on every message sent and every output (log_rules.hpp).
  LogRules rules;
};

/// The runner of lab 4's randomized and scripted tests.
using Runner = dslab::labkit::Runner<Protocol, Checkers>;

/// Faults (and the oracle's adversarial phase) end by this time.
inline constexpr dslab::Time kFaultPhase = dslab::sec(3);
/// After the faults heal and the oracle is stable, every client operation is answered and every
/// live replica has delivered every slot within this bound.
inline constexpr dslab::Duration kLivenessBound = dslab::sec(4);

/// The leader detector's notification (what the oracle injects).
inline Message leader_message(NodeId leader) { return Leader{leader}; }

/// Cluster size drawn from the seed: 3 or 5 (the kit's swarm_cluster_size).
inline int cluster_size(std::uint64_t seed) { return dslab::labkit::swarm_cluster_size(seed); }
/// A seed-drawn cluster (3 or 5 nodes) on a seed-drawn faulty network, timer jitter 5 ms, boots
/// spread over 20 ms: the kit's swarm_config with its defaults.
inline dslab::sim::SimConfig faulty_config(std::uint64_t seed) {
  return dslab::labkit::swarm_config(seed);
}
/// faulty_config with every replica booting at t=0 (the stable oracle's first Leader reaches
/// everyone): for scripted workloads that submit each command once, to the leader.
inline dslab::sim::SimConfig faulty_network_config(std::uint64_t seed) {
  return dslab::labkit::swarm_config(seed, {.start_spread = 0});
}
/// A reliable network with a fixed latency of 1 ms, `n` replicas.
dslab::sim::SimConfig steady_config(int n);
/// The oracle of the randomized tests: adversarial until a seed-drawn time in [1 s, kFaultPhase].
dslab::sim::OracleConfig oracle_config();
/// An oracle correct from t=0 (it names the highest live replica, and a new one if it crashes).
dslab::sim::OracleConfig stable_oracle();

/// The command of operation `seq` of `client` on the key-value object: "append <key> <token>"
/// or "get <key>" (the test reads the payload; replicas never do).
std::string encode(const Kv::Input& input);

/// How the workload's clients pick the replica they send to.
enum class Routing : std::uint8_t {
  kAnyReplica,       ///< every send (first or retry) to a replica drawn at random
  kFollowRedirects,  ///< keep to one replica, follow its Redirect, on a timeout the next in turn
};

/// The clients of a run on a key-value object: each operation is a command; its reply is the
/// first Delivered of that command at any replica, the result computed from the log prefix
/// (a command delivered twice counts at its first slot, as lab 5's replica deduplicates).
/// Clients retry every 20 ms and never give up.
class KvWorkload {
 public:
  /// `clients` clients of `operations` operations each, spread over about `spread` from
  /// `start`, on two keys.
  KvWorkload(Sim& sim, Checkers& checkers, int clients, int operations,
             dslab::Duration spread = dslab::msec(200), dslab::Time start = 0,
             Routing routing = Routing::kAnyReplica);
  /// Every operation was answered.
  bool done() const { return clients_->answered() == total_; }
  /// The most requests one answered operation took (first send, redirected sends, retries).
  int most_sends_per_answer() const { return clients_->most_sends_per_answer(); }
  /// "answered 7 of 30 operations".
  std::string progress() const;
  /// The clients' history is linearizable (else the run fails with the explanation).
  bool require_linearizable() { return clients_->require_linearizable(model_); }

 private:
  std::optional<dslab::labkit::ClientReply<Kv>> reply(const Protocol::Output& output);
  void execute_through(Slot slot);

  Kv model_;
  std::size_t total_ = 0;
  std::map<Slot, Command> log_;
  Slot executed_ = kNoSlot;
  std::map<std::string, std::string> kv_;
  std::map<std::pair<std::int32_t, std::uint64_t>, std::string> results_;
  std::unique_ptr<KvClients> clients_;
};

/// Liveness then safety to the end: runs until `done` and every live replica caught up; fails
/// the run (kind "liveness", `why` saying the conditions) if that is not so by `deadline`.
bool all_delivered_by(Sim& sim, const Checkers& checkers, dslab::Time deadline,
                      const std::function<bool()>& done, const std::string& why);

/// The randomized run most tests use: the adversarial oracle, a key-value workload of 3
/// clients x `operations`, the nemesis until kFaultPhase; then every operation answered and
/// every live replica caught up within kLivenessBound, and the history linearizable.
void faults_then_deliver(Sim& sim, Checkers& checkers, dslab::sim::NemesisConfig nemesis,
                         int operations, const std::string& why,
                         Routing routing = Routing::kAnyReplica);

/// Scripted runs: submits client `client`'s command `seq` ("c<client>.<seq>") at `node`.
Command submit(Sim& sim, Checkers& checkers, dslab::Time at, NodeId node, std::int32_t client,
               std::uint64_t seq);

}  // namespace lab4::checks
