// Lab 5 on real processes (trusted): closed-loop bank clients of a LocalCluster of bank nodes,
// for `dslab cluster lab5-bank`, `dslab bench cluster lab5-bank` and the real tests. Each client
// has one request outstanding, resends it to the next replica after a timeout, follows
// redirects, and records every operation with its call and return times; the history is checked
// with the linearizability checker's bank model. Requests go out through an Injector (sender
// kEnvironment); answers come back as the nodes' Reply / Redirect outputs on their event streams.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "labs/lab5-bank/real/wire.hpp"
#include "runtime/metrics/histogram.hpp"
#include "runtime/net/injector.hpp"
#include "runtime/net/local_cluster.hpp"
#include "runtime/random/random.hpp"

namespace lab5::real {

/// What the clients do.
struct WorkloadOptions {
  int clients = 3;                 ///< closed-loop clients, ids 1..clients
  int accounts = 4;                ///< accounts "acct1".."acctN" (>= 1)
  std::uint64_t seed = 1;          ///< the operations drawn (deposits, withdrawals, ...)
  std::chrono::milliseconds retry{300};  ///< an unanswered request goes to the next replica
  std::uint64_t max_ops = 0;       ///< operations per client; 0 = no limit
  std::int32_t batch_size = 1;     ///< sent to every node as lab5::Configure
  dslab::Duration batch_delay = 0; ///< µs
  /// Open loop: operations per second over all clients (a client waits for its slot in the
  /// schedule, or starts late when it is still busy); 0 = closed loop (each starts the next
  /// operation as soon as the last one is answered).
  double rate = 0;
  /// Keep the answers in the cluster's events() (false for long benchmarks: memory stays flat).
  bool keep_answers = true;
};

/// One operation as its client saw it. Times in µs since the clients started.
struct Record {
  std::int32_t client = 0;
  std::uint64_t seq = 0;
  Operation op = {};
  std::optional<Result> result = {};  ///< empty: never answered (unknown outcome)
  std::int64_t call = 0;
  std::int64_t ret = 0;          ///< valid when result is set
  int sends = 0;                 ///< first send, retries and redirects followed
};

/// The clients of one run. Not thread-safe; use from the cluster's thread.
class BankClients {
 public:
  /// Listens to `cluster`'s events (LocalCluster::set_listener) until destroyed.
  BankClients(dslab::net::LocalCluster& cluster, WorkloadOptions options);
  ~BankClients();
  BankClients(const BankClients&) = delete;
  BankClients& operator=(const BankClients&) = delete;

  /// Runs the clients (reads the nodes' answers, sends what is due) until `until` or until
  /// `stop()` holds or every client did max_ops operations. Returns whether the last held.
  bool run_until(std::chrono::steady_clock::time_point until, const std::function<bool()>& stop);
  /// True once every client finished max_ops operations (never when max_ops is 0).
  bool finished() const;
  /// From now on no client starts a new operation; outstanding ones are still retried.
  void stop_new_operations() { stopped_ = true; }
  /// Operations sent and not answered yet.
  std::size_t outstanding() const;

  /// Every operation so far, in call order per client.
  const std::vector<Record>& history() const { return history_; }
  std::uint64_t answered() const { return answered_; }
  /// Latencies (µs) of the answered operations since the last take_window(), and all of them.
  const dslab::metrics::Histogram& latencies() const { return all_; }
  dslab::metrics::Histogram take_window();
  /// Redirects followed and retries sent, for the summary.
  std::uint64_t redirects() const { return redirects_; }
  std::uint64_t retries() const { return retries_; }

  /// Checks the history with the linearizability checker's bank model (per account): empty
  /// when linearizable, else a one-screen explanation. Unanswered operations may or may not
  /// have happened. `budget` bounds the search (then "unknown" is reported as a failure).
  std::string check_linearizable(std::chrono::seconds budget) const;

 private:
  struct Client {
    std::int32_t id = 0;
    std::uint64_t seq = 0;
    dslab::NodeId target = 1;
    std::optional<std::size_t> pending = {};  ///< index in history_
    std::chrono::steady_clock::time_point sent_at = {};
    int redirects_this_send = 0;
  };

  std::int64_t now_us() const;
  Operation draw();
  bool on_event(const dslab::net::NodeEvent& e);
  void on_answer(dslab::NodeId from, const dslab::codec::Json& output);
  void send(Client& c);
  void send_due();
  void configure_all();
  std::chrono::steady_clock::time_point next_wake() const;

  dslab::net::LocalCluster& cluster_;
  WorkloadOptions options_;
  dslab::net::Injector<Protocol> injector_;
  dslab::random::Rng rng_;
  std::vector<Client> clients_;
  std::vector<Record> history_;
  std::uint64_t events_seen_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point next_configure_;
  std::uint64_t answered_ = 0;
  std::uint64_t redirects_ = 0;
  std::uint64_t retries_ = 0;
  std::int64_t open_loop_next_us_ = 0;
  bool stopped_ = false;
  dslab::metrics::Histogram window_;
  dslab::metrics::Histogram all_;
};

}  // namespace lab5::real
