// The deterministic discrete-event simulator: virtual time in µs, one seed reproduces a run byte
// for byte. It owns time, the network and its faults, crashes and restarts, timers, the
// authoritative stable storage, the trace, and the checks; the engine owns the nodes.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <vector>

#include "runtime/codec/hash.hpp"
#include "runtime/codec/view.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/sim/events.hpp"
#include "runtime/sim/network.hpp"
#include "runtime/trace/trace.hpp"

namespace dslab::sim {

/// Settings of one run. Everything random derives from `seed`.
struct SimConfig {
  int nodes = 3;
  std::uint64_t seed = 1;
  NetworkConfig network;
  Duration timer_jitter = 0;                   ///< timers fire up to this much late (random)
  Duration start_spread = 0;                   ///< nodes boot at random times in [0, spread]
  trace::Level trace = trace::Level::kFull;
  /// With a full trace, also keep each node's state view after every handler call (the HTML
  /// viewer shows it; one engine view per event, so only replays and failure re-runs ask).
  bool trace_states = false;
  bool keep_outputs = true;                    ///< keep outputs() (observers see them anyway)
  std::uint64_t max_events = 20'000'000;       ///< a run that needs more fails ("limit")
  std::size_t max_effects_per_event = 100'000; ///< a handler that does more fails ("limit")
};

/// Why a run failed.
struct Failure {
  std::string kind;     ///< "safety", "liveness", "engine", "limit"
  std::string message;  ///< one or two lines for the student
  Time time = 0;
  std::uint64_t event = 0;  ///< trace index where it was detected
};

/// An output a node reported.
template <class P>
struct OutputRecord {
  Time time = 0;
  NodeId node = 0;
  typename P::Output output{};
};

/// Runs a cluster of nodes 1..config.nodes on an engine. Not thread-safe.
template <node::Protocol P>
class Simulator {
 public:
  using Message = typename P::Message;
  using Timer = typename P::Timer;
  using Output = typename P::Output;
  using Action = std::function<void(Simulator&)>;
  using Invariant = std::function<std::optional<std::string>()>;
  using OutputObserver = std::function<std::optional<std::string>(const OutputRecord<P>&)>;

  /// Creates every node in the engine (after resetting it) and schedules their start.
  Simulator(SimConfig config, engine::Engine<P>& engine);

  // ---- scheduling (at a virtual time; actions at equal times run in scheduling order) ----
  /// Runs `action` at time t; `name` appears in the trace.
  void at(Time t, std::string name, Action action);
  void crash_at(Time t, NodeId n) { at(t, "crash", [n](Simulator& s) { s.crash(n); }); }
  void restart_at(Time t, NodeId n) { at(t, "restart", [n](Simulator& s) { s.restart(n); }); }
  void heal_at(Time t) { at(t, "heal", [](Simulator& s) { s.heal(); }); }
  void partition_at(Time t, std::vector<std::set<NodeId>> groups) {
    at(t, "partition", [g = std::move(groups)](Simulator& s) { s.partition(g); });
  }
  /// Delivers `msg` to node `to` from the environment (a client, a test) at time t, reliably.
  void inject_at(Time t, NodeId to, Message msg);

  // ---- faults, now (from actions or between runs) ----
  void crash(NodeId n);
  void restart(NodeId n);
  void partition(const std::vector<std::set<NodeId>>& groups);
  void block(NodeId from, NodeId to);
  void heal();
  void set_network(const NetworkConfig& network);

  // ---- checks ----
  /// A safety invariant checked after every event; a returned message fails the run.
  void add_invariant(std::string name, Invariant check);
  /// Called for every output as it happens; a returned message fails the run.
  void on_output(OutputObserver observer) { observers_.push_back(std::move(observer)); }
  /// The typed events of this run (sends with their fate, deliveries, drops, outputs, crashes,
  /// restarts) for checkers and counters; subscribe before running.
  RunEvents<P>& run_events() { return run_events_; }
  /// Fails the run (e.g. a liveness bound missed); the first failure wins.
  void fail(std::string kind, std::string message);

  // ---- running ----
  /// Processes one event. False when there is none left or the run has failed.
  bool step();
  /// Runs every event up to time t (inclusive) and sets the clock to t. False if the run failed.
  bool run_until(Time t);
  /// Runs until done() holds (checked after every event) or `deadline` passes. True if done.
  bool run_until(Time deadline, const std::function<bool()>& done);

  // ---- observation ----
  Time now() const { return now_; }
  int size() const { return config_.nodes; }
  const std::vector<NodeId>& nodes() const { return ids_; }
  bool is_up(NodeId n) const { return slot(n).up; }
  std::vector<NodeId> live_nodes() const;
  bool failed() const { return failure_.has_value(); }
  const std::optional<Failure>& failure() const { return failure_; }
  const std::vector<OutputRecord<P>>& outputs() const { return outputs_; }
  const trace::Recorder& trace() const { return trace_; }
  const SimConfig& config() const { return config_; }
  const NetworkConfig& network() const { return network_; }
  const Links& links() const { return links_; }
  const node::StorageMap& storage(NodeId n) const { return slot(n).storage; }
  engine::Engine<P>& engine() { return engine_; }
  std::uint64_t events() const { return events_; }
  std::uint64_t deliveries() const { return deliveries_; }
  /// A random stream for the test's own choices (workload, fault schedule), derived from the seed.
  random::Rng& workload_rng() { return workload_rng_; }

 private:
  enum class EventKind : std::uint8_t { kStart, kDeliver, kTimer, kAction };
  struct Pending {
    Time at;
    std::uint64_t seq;
    EventKind kind;
    NodeId node;
    NodeId from;
    std::uint32_t incarnation;
    std::uint64_t ref;  // message slab index, timer id, or action index
    bool operator>(const Pending& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };
  struct Slot {
    bool up = true;
    bool started = false;  // its on_start ran in this incarnation: only then does it get messages
    std::uint32_t incarnation = 0;
    random::Rng rng;
    TimerId next_timer = 1;
    node::StorageMap storage;
    std::map<TimerId, Timer> timers;  // live timers
  };
  struct NamedAction {
    std::string name;
    Action action;
  };

  Slot& slot(NodeId n);
  const Slot& slot(NodeId n) const;
  void push(Time at, EventKind kind, NodeId node, NodeId from, std::uint64_t ref);
  std::uint64_t store(Message msg);
  Message take(std::uint64_t ref);
  void dispatch(const Pending& e);
  void deliver(const Pending& e);
  void fire(const Pending& e);
  template <class Call>
  void call_node(NodeId n, Call&& call);
  void apply_effects(NodeId n);
  void apply_send(NodeId from, node::Send<P>& send);
  void apply_output(NodeId n, Output output);
  void check_invariants();
  void note(trace::Kind kind, NodeId node, NodeId peer, std::string what, std::string decision = {},
            codec::Json json = {});

  SimConfig config_;
  engine::Engine<P>& engine_;
  NetworkConfig network_;
  Links links_;
  random::Rng master_;
  random::Rng net_rng_;
  random::Rng timer_rng_;
  random::Rng workload_rng_;
  std::vector<NodeId> ids_;
  std::vector<Slot> slots_;
  std::priority_queue<Pending, std::vector<Pending>, std::greater<>> queue_;
  std::vector<std::optional<Message>> messages_;
  std::vector<std::uint64_t> free_messages_;
  // With a full trace: the trace index of the send (or duplicate) that queued each message slab
  // entry, so deliveries and drops on arrival name their cause; kNoSend for injected messages.
  static constexpr std::uint64_t kNoSend = ~std::uint64_t{0};
  std::vector<std::uint64_t> sent_at_;
  void remember_send(std::uint64_t ref);
  std::vector<NamedAction> actions_;
  std::vector<std::pair<std::string, Invariant>> invariants_;
  std::vector<OutputObserver> observers_;
  RunEvents<P> run_events_;
  std::vector<OutputRecord<P>> outputs_;
  node::Effects<P> effects_;
  trace::Recorder trace_;
  std::optional<Failure> failure_;
  Time now_ = 0;
  std::uint64_t seq_ = 0;
  std::uint64_t events_ = 0;
  std::uint64_t deliveries_ = 0;
};

}  // namespace dslab::sim

#include "runtime/sim/simulator_impl.hpp"
