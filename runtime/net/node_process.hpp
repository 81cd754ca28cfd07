// The real-network engine: one node of type N run as this process. Frames from the transport,
// timers on the monotonic clock and (for labs with a leader oracle in simulation) the runtime's
// leader detector become handler calls through the same Context as in the simulator; the
// handler's effects are applied here: storage first (durably, before anything is sent: one
// fdatasync per round of the loop for every handler of the round), then sends, timers, outputs
// and log lines in order.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <deque>
#include <exception>
#include <filesystem>
#include <optional>
#include <type_traits>
#include <variant>

#include "runtime/net/faults.hpp"
#include "runtime/net/frame.hpp"
#include "runtime/net/leader_detector.hpp"
#include "runtime/net/node_options.hpp"
#include "runtime/net/stable_file.hpp"
#include "runtime/net/timers.hpp"
#include "runtime/net/transport.hpp"
#include "runtime/node/dispatch.hpp"

namespace dslab::net {

/// LeaderInput of a lab without a leader oracle: no detector runs.
struct NoLeaderInput {};

/// Runs node N until SIGINT/SIGTERM. LeaderInput, when not NoLeaderInput, is the message type
/// (an alternative of P::Message constructible as LeaderInput{id}) through which the runtime's
/// leader detector notifies the node, from kEnvironment, as the simulator's oracle does.
/// Not thread-safe.
template <node::Node N, class LeaderInput = NoLeaderInput>
class NodeProcess {
 public:
  using P = typename N::Protocol;
  using Message = typename P::Message;
  using Timer = typename P::Timer;
  static constexpr bool kDetector = !std::is_same_v<LeaderInput, NoLeaderInput>;
  static_assert(!kDetector || std::is_constructible_v<Message, LeaderInput>,
                "LeaderInput must be one of the protocol's message types");

  explicit NodeProcess(NodeOptions options)
      : options_(std::move(options)),
        ids_(options_.cluster.ids()),
        log_(options_.id, options_.log_level),
        storage_file_(options_.data_dir / ("node-" + std::to_string(options_.id) + ".storage"),
                      options_.sync),
        rng_(options_.seed),
        transport_(transport_options()),
        accept_{.protocol = protocol_id<P>(), .senders = ids_} {
    storage_ = storage_file_.load();
    if constexpr (kDetector) {
      detector_.emplace(options_.id, ids_, process_now(),
                        LeaderDetectorOptions{.timeout = options_.leader_timeout});
    }
  }

  /// The event loop. Returns the exit status: 0 after a stop signal, 3 if the node's code threw
  /// or its storage failed (a crash, as a real process crash).
  int run() {
    log_.event("ready", {{"pid", static_cast<long>(::getpid())},
                         {"address", options_.cluster.nodes.at(options_.id).address},
                         {"storage_keys", storage_.size()}});
    if (!call([&](N& n, node::Context<P>& ctx) { n.on_start(ctx); }) || !flush()) return 3;
    while (stop_signal() == 0) {
      if (!step()) return 3;
    }
    log_.event("stopped", stats_json());
    return 0;
  }

 private:
  TransportOptions transport_options() const {
    TransportOptions t;
    t.bind = options_.cluster.bind_endpoint(options_.id);
    for (NodeId id : ids_) {
      if (id != options_.id) t.peers[id] = options_.cluster.connect_endpoint(id);
    }
    t.max_frame = static_cast<std::int64_t>(kHeaderSize + kDefaultMaxPayload);
    return t;
  }

  /// One round of the loop: wait for the next event, then run every handler that is due.
  bool step() {
    Time now = process_now();
    std::optional<Time> next = timers_.next_deadline();
    if (auto due = gate_.next_due()) next = next ? std::min(*next, *due) : *due;
    if constexpr (kDetector) {
      const Time d = detector_->next_deadline(now);
      next = next ? std::min(*next, d) : d;
    }
    std::int64_t wait_ms = 1000;
    if (!local_.empty()) wait_ms = 0;
    else if (next) wait_ms = std::clamp<std::int64_t>((*next - now + 999) / 1000, 0, 1000);
    bool ok = true;
    transport_.poll(std::chrono::milliseconds(wait_ms), stop_fd(),
                    [&](std::span<const std::byte> bytes) { ok = ok && on_frame(bytes); });
    if (!ok) return false;
    gate_.release(process_now(), [&](NodeId to, std::span<const std::byte> frame) {
      transport_.send(to, frame);
    });
    for (std::size_t n = local_.size(); n > 0 && !local_.empty(); --n) {
      auto [from, msg] = std::move(local_.front());
      local_.pop_front();
      if (!deliver(from, msg)) return false;
    }
    now = process_now();
    while (auto timer = timers_.pop_due(now)) {
      if (!call([&](N& n, node::Context<P>& ctx) { node::fire<P>(n, ctx, *timer); })) return false;
    }
    if constexpr (kDetector) {
      if (!run_detector()) return false;
    }
    return flush();
  }

  bool on_frame(std::span<const std::byte> bytes) {
    auto received = receive<P>(bytes, accept_);
    if (auto* reason = std::get_if<DropReason>(&received.what)) {
      drops_.add(*reason);
      const auto count = drops_[*reason];
      if (count <= 10 || (count & (count - 1)) == 0) {  // the first ten, then powers of two
        log_.event("dropped", {{"reason", drop_reason_name(*reason)}, {"count", count},
                               {"bytes", bytes.size()}});
        log_.line(LogLevel::kWarn, fmt::format("dropped a malformed or foreign frame ({} bytes, "
                                               "reason: {}; {} so far)",
                                               bytes.size(), drop_reason_name(*reason), count));
      }
      return true;
    }
    if (auto* faults = std::get_if<NetFaults>(&received.what)) {
      if (!(*faults == gate_.faults())) {
        log_.event("faults", {{"faults", codec::to_json(*faults)}});
        log_.line(LogLevel::kInfo, "network faults now: " + codec::to_json(*faults).dump());
      }
      gate_.set(std::move(*faults));
      return true;
    }
    if (auto* heartbeat = std::get_if<NodeId>(&received.what)) {
      if (!gate_.hears(*heartbeat)) return true;
      if constexpr (kDetector) detector_->heard(*heartbeat, process_now());
      return true;
    }
    auto& inbound = std::get<Inbound<P>>(received.what);
    if (!gate_.hears(inbound.from)) return true;  // a partition: as if it never arrived
    if constexpr (kDetector) {
      if (inbound.from != kEnvironment) detector_->heard(inbound.from, process_now());
    }
    return deliver(inbound.from, inbound.msg);
  }

  bool deliver(NodeId from, const Message& msg) {
    if (log_.enabled(LogLevel::kDebug)) {
      log_.line(LogLevel::kDebug, fmt::format("from n{}: {}", from, codec::to_json(msg).dump()));
    }
    return call([&](N& n, node::Context<P>& ctx) { node::deliver<P>(n, ctx, from, msg); });
  }

  bool run_detector() {
    const Time now = process_now();
    if (detector_->heartbeat_due(now)) {
      encode_frame({.kind = FrameKind::kHeartbeat, .protocol = accept_.protocol,
                    .sender = options_.id, .length = 0},
                   {}, frame_);
      for (NodeId id : ids_) {
        if (id != options_.id) send_frame(id, frame_);
      }
    }
    if (auto leader = detector_->changed(now)) {
      log_.event("leader", {{"leader", *leader}});
      log_.line(LogLevel::kInfo, fmt::format("leader detector: n{} leads", *leader));
      return deliver(kEnvironment, Message{LeaderInput{*leader}});
    }
    return true;
  }

  /// Runs one handler and applies its effects. False if the node's code threw or storage failed.
  template <class Handler>
  bool call(Handler&& handler) {
    effects_.clear();
    node::EventScope<P> scope;
    scope.self = options_.id;
    scope.nodes = ids_;
    scope.now = process_now();
    scope.rng = &rng_;
    scope.next_timer = &next_timer_;
    scope.storage = &storage_;
    scope.effects = &effects_;
    try {
      node::Context<P> ctx(scope);
      handler(node_, ctx);
    } catch (const std::exception& e) {
      return crash(std::string("the node threw: ") + e.what());
    } catch (...) {
      return crash("the node threw a non-standard exception");
    }
    return apply(scope.now);
  }

  /// Applies a handler's effects: its storage writes are appended to the journal at once; its
  /// timers are set; its sends, outputs and log lines wait in the outbox until flush() made the
  /// writes durable when this or an earlier handler of this round wrote (group commit: one
  /// fdatasync per round of the loop, and still nothing leaves before the writes it follows).
  bool apply(Time now) {
    writes_.clear();
    for (const auto& e : effects_) {
      if (const auto* w = std::get_if<node::StorageWrite>(&e)) writes_.push_back(*w);
    }
    if (!writes_.empty()) {
      try {
        storage_file_.append(storage_, writes_);
      } catch (const StorageError& e) {
        return crash(e.what());
      }
      dirty_ = true;
    }
    const bool defer = dirty_;
    for (auto& effect : effects_) {
      const bool outgoing = std::holds_alternative<node::Send<P>>(effect) ||
                            std::holds_alternative<node::Emit<P>>(effect) ||
                            std::holds_alternative<node::Log>(effect);
      if (defer && outgoing) {
        outbox_.push_back(std::move(effect));
      } else {
        std::visit([&](auto& e) { apply_one(now, e); }, effect);
      }
    }
    return true;
  }

  /// Makes this round's storage writes durable, then lets their handlers' sends, outputs and
  /// log lines out, in order. False if storage failed (a crash).
  bool flush() {
    if (!dirty_) return true;
    try {
      storage_file_.sync();
    } catch (const StorageError& e) {
      return crash(e.what());
    }
    dirty_ = false;
    const Time now = process_now();
    for (auto& effect : outbox_) std::visit([&](auto& e) { apply_one(now, e); }, effect);
    outbox_.clear();
    return true;
  }

  void apply_one(Time, node::Send<P>& send) {
    if (send.to == options_.id) {
      local_.emplace_back(options_.id, std::move(send.msg));
      return;
    }
    encode_message<P>(options_.id, send.msg, frame_, scratch_);
    if (!send_frame(send.to, frame_) && log_.enabled(LogLevel::kDebug)) {
      log_.line(LogLevel::kDebug, fmt::format("send to n{} lost (not connected or queue full)",
                                              send.to));
    }
  }
  /// A frame to peer `to` through the fault gate. False if it was lost (now, by a fault, or
  /// because the transport could not queue it); a held frame counts as sent.
  bool send_frame(NodeId to, std::span<const std::byte> frame) {
    const std::uint64_t lost_before = gate_.lost();
    if (!gate_.admit(to, frame, process_now())) return gate_.lost() == lost_before;  // held
    return transport_.send(to, frame);
  }
  void apply_one(Time now, node::SetTimer<P>& set) {
    timers_.set(set.id, now + set.after, std::move(set.timer));
  }
  void apply_one(Time, node::CancelTimer& cancel) { timers_.cancel(cancel.id); }
  void apply_one(Time, node::StorageWrite&) {}
  void apply_one(Time, node::Emit<P>& emit) {
    log_.event("output", {{"output", codec::to_json(emit.output)}});
  }
  void apply_one(Time, node::Log& line) { log_.line(LogLevel::kInfo, line.text); }

  bool crash(const std::string& why) {
    log_.line(LogLevel::kError, why);
    log_.event("crashed", {{"reason", why}});
    return false;
  }

  codec::Json stats_json() const {
    const auto& t = transport_.stats();
    codec::Json drops = codec::Json::object();
    for (std::size_t i = 0; i < kDropReasons; ++i) {
      drops[std::string(drop_reason_name(static_cast<DropReason>(i)))] = drops_.by_reason[i];
    }
    return {{"sent", t.sent}, {"lost", t.lost}, {"unknown_peer", t.unknown_peer},
            {"received", t.received}, {"dropped", drops}, {"lost_to_faults", gate_.lost()}};
  }

  NodeOptions options_;
  std::vector<NodeId> ids_;
  NodeLog log_;
  StableFile storage_file_;
  node::StorageMap storage_;
  random::Rng rng_;
  TimerId next_timer_ = 1;
  Transport transport_;
  Acceptance accept_;
  N node_{};
  node::Effects<P> effects_;
  std::vector<node::StorageWrite> writes_;
  node::Effects<P> outbox_;  ///< effects waiting for this round's fdatasync (flush)
  bool dirty_ = false;       ///< storage written this round, not synced yet
  TimerQueue<Timer> timers_;
  std::deque<std::pair<NodeId, Message>> local_;
  std::optional<LeaderDetector> detector_;
  DropCounts drops_;
  FaultGate gate_{options_.seed ^ 0x9e3779b97f4a7c15ULL};
  codec::Bytes frame_;
  codec::Bytes scratch_;
};

/// The node program's main: options, then the event loop. Use from a lab's generated main:
/// `return dslab::net::run_node<lab3::PaxosNode, lab3::Leader>(argc, argv, "lab3-paxos");`.
template <node::Node N, class LeaderInput = NoLeaderInput>
int run_node(int argc, char** argv, std::string_view lab) {
  auto parsed = parse_node_options(argc, argv, lab, !std::is_same_v<LeaderInput, NoLeaderInput>);
  if (auto* status = std::get_if<int>(&parsed)) return *status;
  auto& options = std::get<NodeOptions>(parsed);
  install_stop_signals();
  try {
    std::filesystem::create_directories(options.data_dir);
    NodeProcess<N, LeaderInput> process(std::move(options));
    return process.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", argc > 0 ? argv[0] : "node", e.what());
    return 2;
  }
}

}  // namespace dslab::net
