// Traces of simulated runs: every event and its effects, as JSON lines and as a readable text
// rendering with one column per node; plus a running hash that identifies the run.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "runtime/codec/view.hpp"
#include "runtime/node/types.hpp"

namespace dslab::trace {

/// What happened. Every fault the simulator injects is its own kind: a named decision.
enum class Kind : std::uint8_t {
  kStart,      ///< a node started (first boot or restart)
  kDeliver,    ///< a message was handed to its receiver
  kTimer,      ///< a timer fired
  kSend,       ///< a node sent a message (decision: the delay chosen)
  kDrop,       ///< the network dropped a message (decision: why)
  kDuplicate,  ///< the network duplicated a message
  kCrash,      ///< a node crashed
  kRestart,    ///< a crashed node restarted from its stable storage
  kPartition,  ///< links were cut (decision: which)
  kHeal,       ///< all links restored
  kOutput,     ///< a node reported an output
  kLog,        ///< a node logged a line
  kStorage,    ///< a node wrote stable storage
  kInject,     ///< the environment (a client, a test, the oracle) sent a message
  kViolation,  ///< a checker found a violation
  kNote,       ///< anything else worth showing
};

/// Lower-case name of a kind, as used in JSON lines ("deliver", "drop", ...).
const char* kind_name(Kind kind);

/// How much a run records: nothing, only the hash, or everything (for failures and replay).
enum class Level : std::uint8_t { kOff, kHash, kFull };

/// One trace event. `node` is where it happened; `peer` is the other end (sender of a delivered
/// message, receiver of a sent one), 0 when none.
struct Event {
  std::uint64_t index = 0;
  Time time = 0;
  Kind kind = Kind::kNote;
  NodeId node = 0;
  NodeId peer = 0;
  std::string what;       ///< compact text view of the message/timer/output
  std::string decision;   ///< the fault decision or detail ("delay 1.2ms", "partitioned")
  codec::Json json;       ///< JSON view of the payload (null when none)
  std::uint64_t hash = 0; ///< hash of this event alone
  /// The event this one follows from: for a delivery, or a drop on arrival, the index of the
  /// send (or duplicate) that put the message on the wire. Not part of the hash.
  std::optional<std::uint64_t> cause = std::nullopt;
  /// For the event that ran a handler (start, deliver, inject, timer): the node's state view
  /// after the handler, when the run records states (SimConfig::trace_states). Not hashed.
  codec::Json state = {};
};

/// Collects a run's events. Not thread-safe.
class Recorder {
 public:
  explicit Recorder(Level level = Level::kFull) : level_(level) {}

  Level level() const { return level_; }
  /// Whether text and JSON views should be computed for events (Level::kFull).
  bool full() const { return level_ == Level::kFull; }

  /// Records an event. `content_hash` identifies the payload (e.g. codec::hash of the message);
  /// `what`, `decision` and `json` are only kept at Level::kFull.
  void record(Time time, Kind kind, NodeId node, NodeId peer, std::uint64_t content_hash,
              std::string what = {}, std::string decision = {}, codec::Json json = {});

  /// Sets the cause of the last recorded event (Level::kFull only; see Event::cause).
  void set_cause_of_last(std::uint64_t cause);
  /// Attaches a node's state view to event `index` (Level::kFull only; see Event::state).
  void set_state(std::uint64_t index, codec::Json state);

  /// A hash of every event so far: equal hashes mean (with overwhelming probability) equal runs.
  std::uint64_t hash() const { return hash_; }
  std::uint64_t count() const { return count_; }
  const std::vector<Event>& events() const { return events_; }

  /// Writes every event as one JSON object per line.
  void write_json_lines(std::ostream& out) const;

 private:
  Level level_;
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
  std::uint64_t count_ = 0;
  std::vector<Event> events_;
};

/// One event as a JSON object.
codec::Json to_json(const Event& event);

/// Options of the text rendering.
struct RenderOptions {
  int nodes = 3;                  ///< columns n1..nN
  std::size_t last = 0;           ///< show only the last N events (0 = all)
  int column_width = 0;           ///< per node column; 0 = as wide as fits (4 to 10)
  bool show_logs = true;
  /// Lines are at most this many columns (a label that does not fit continues on the next
  /// lines, under itself); 0 = no limit.
  int max_width = 100;
};

/// The readable rendering: a header with node columns, then one line per event with a marker
/// in the node's column, arrows for messages, and the payload and decision on the right.
std::string render_text(const std::vector<Event>& events, const RenderOptions& options);

/// Where two runs' traces first differ, for the nondeterminism report.
struct Divergence {
  std::uint64_t index = 0;
  std::optional<Event> first;   ///< the event of run 1 at that index (none if it ended)
  std::optional<Event> second;  ///< the event of run 2 at that index
  /// "event 812 differs: run 1 had ..., run 2 had ...".
  std::string describe() const;
};

/// The first index where the two event lists differ, or nothing if they are equal.
std::optional<Divergence> first_divergence(const std::vector<Event>& a,
                                           const std::vector<Event>& b);

}  // namespace dslab::trace
