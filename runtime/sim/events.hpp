// Typed run events: what the simulator decided and did (every send with its network fate,
// every delivery, every message lost on the way, every output, crash and restart), for the
// checkers and counters that subscribe to a run. Never text: no subscriber parses the trace.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "runtime/node/types.hpp"
#include "runtime/node/storage.hpp"

namespace dslab::sim {

/// What the network decided for a message when it was sent.
enum class Fate : std::uint8_t {
  kInFlight,     ///< on its way (it may still be dropped on arrival: see DropEvent)
  kSelf,         ///< a send to oneself: always delivered after min_latency
  kLost,         ///< dropped by the network (the drop ratio)
  kPartitioned,  ///< the link was cut
  kNoSuchNode,   ///< addressed to a node outside the cluster
};

/// Lower-case name of a fate ("in flight", "lost", ...), as the trace writes it.
const char* fate_name(Fate fate);

/// Why a message never reached its receiver's handler.
enum class DropReason : std::uint8_t {
  kLost,         ///< decided at send time (Fate::kLost)
  kPartitioned,  ///< at send time, or the link was cut when it arrived
  kNoSuchNode,   ///< at send time (Fate::kNoSuchNode)
  kDown,         ///< the receiver was crashed when it arrived
  kNotStarted,   ///< the receiver had not run on_start yet when it arrived
};

/// Lower-case name of a drop reason.
const char* drop_reason_name(DropReason reason);

/// A node sent a message. `duplicated`: the network will deliver a second copy. References
/// are valid during the subscriber call only.
template <class P>
struct SendEvent {
  Time time = 0;
  NodeId from = 0;
  NodeId to = 0;
  const typename P::Message& msg;
  Fate fate = Fate::kInFlight;
  bool duplicated = false;
  Duration delay = 0;  ///< for kInFlight and kSelf: when it arrives, from now
};

/// A message is handed to its receiver's handler now (from = kEnvironment for injected ones).
template <class P>
struct DeliverEvent {
  Time time = 0;
  NodeId to = 0;
  NodeId from = 0;
  const typename P::Message& msg;
};

/// A message was dropped: at send time (lost, partitioned, no such node) or on arrival.
template <class P>
struct DropEvent {
  Time time = 0;
  NodeId from = 0;
  NodeId to = 0;
  const typename P::Message& msg;
  DropReason reason = DropReason::kLost;
};

/// A node reported an output.
template <class P>
struct OutputEvent {
  Time time = 0;
  NodeId node = 0;
  const typename P::Output& output;
};

/// A node crashed (its memory is gone; its stable storage stays).
struct CrashEvent {
  Time time = 0;
  NodeId node = 0;
};

/// A crashed node restarted from its stable storage (its on_start follows).
struct RestartEvent {
  Time time = 0;
  NodeId node = 0;
  const node::StorageMap& storage;
};

/// The subscribers of one run, called in subscription order as the events happen. A
/// subscriber must not subscribe or unsubscribe from inside a call. Not thread-safe.
template <class P>
class RunEvents {
 public:
  template <class E>
  using Listener = std::function<void(const E&)>;

  void on_send(Listener<SendEvent<P>> l) { sends_.push_back(std::move(l)); }
  void on_deliver(Listener<DeliverEvent<P>> l) { delivers_.push_back(std::move(l)); }
  void on_drop(Listener<DropEvent<P>> l) { drops_.push_back(std::move(l)); }
  void on_output(Listener<OutputEvent<P>> l) { outputs_.push_back(std::move(l)); }
  void on_crash(Listener<CrashEvent> l) { crashes_.push_back(std::move(l)); }
  void on_restart(Listener<RestartEvent> l) { restarts_.push_back(std::move(l)); }

  // Called by the simulator.
  void send(const SendEvent<P>& e) const { emit(sends_, e); }
  void deliver(const DeliverEvent<P>& e) const { emit(delivers_, e); }
  void drop(const DropEvent<P>& e) const { emit(drops_, e); }
  void output(const OutputEvent<P>& e) const { emit(outputs_, e); }
  void crash(const CrashEvent& e) const { emit(crashes_, e); }
  void restart(const RestartEvent& e) const { emit(restarts_, e); }
  bool wants_drops() const { return !drops_.empty(); }

 private:
  template <class E>
  static void emit(const std::vector<Listener<E>>& listeners, const E& e) {
    for (const auto& l : listeners) l(e);
  }

  std::vector<Listener<SendEvent<P>>> sends_;
  std::vector<Listener<DeliverEvent<P>>> delivers_;
  std::vector<Listener<DropEvent<P>>> drops_;
  std::vector<Listener<OutputEvent<P>>> outputs_;
  std::vector<Listener<CrashEvent>> crashes_;
  std::vector<Listener<RestartEvent>> restarts_;
};

}  // namespace dslab::sim
