// Simulator members that apply a handler's effects: the network's decisions for every send,
// timers, stable storage, outputs and logs, and the invariant checks after each event.
#pragma once

namespace dslab::sim {

template <node::Protocol P>
void Simulator<P>::apply_effects(NodeId n) {
  Slot& s = slot(n);
  const bool full = trace_.full();
  const bool hashing = trace_.level() != trace::Level::kOff;
  for (auto& effect : effects_) {
    if (auto* send = std::get_if<node::Send<P>>(&effect)) {
      apply_send(n, *send);
    } else if (auto* set = std::get_if<node::SetTimer<P>>(&effect)) {
      Duration delay = set->after;
      if (config_.timer_jitter > 0) delay += timer_rng_.between(0, config_.timer_jitter);
      if (hashing) {
        trace_.record(now_, trace::Kind::kNote, n, 0, codec::hash(set->timer) ^ set->id,
                      full ? "set " + codec::to_text(set->timer) : "",
                      full ? fmt::format("fires at {}", format_time(now_ + delay)) : "");
      }
      s.timers[set->id] = std::move(set->timer);
      push(now_ + delay, EventKind::kTimer, n, 0, set->id);
    } else if (auto* cancel = std::get_if<node::CancelTimer>(&effect)) {
      s.timers.erase(cancel->id);
    } else if (auto* write = std::get_if<node::StorageWrite>(&effect)) {
      if (hashing) {
        trace_.record(now_, trace::Kind::kStorage, n, 0, codec::hash(*write),
                      full ? write->key : "", write->value ? "" : "erase");
      }
      node::apply_write(s.storage, *write);
    } else if (auto* emit = std::get_if<node::Emit<P>>(&effect)) {
      apply_output(n, std::move(emit->output));
    } else if (auto* log = std::get_if<node::Log>(&effect)) {
      if (hashing) trace_.record(now_, trace::Kind::kLog, n, 0, codec::hash(log->text), log->text);
    }
    if (failure_) return;
  }
}

template <node::Protocol P>
void Simulator<P>::apply_send(NodeId from, node::Send<P>& send) {
  const bool full = trace_.full();
  const std::uint64_t h = trace_.level() == trace::Level::kOff ? 0 : codec::hash(send.msg);
  auto record = [&](trace::Kind kind, std::string decision) {
    if (trace_.level() == trace::Level::kOff) return;
    trace_.record(now_, kind, from, send.to, h, full ? codec::to_text(send.msg) : "",
                  full ? std::move(decision) : "", full ? codec::to_json(send.msg) : codec::Json{});
  };
  // The fate is published before the message moves into the queue.
  auto fate = [&](Fate f, bool duplicated = false, Duration delay = 0) {
    run_events_.send(SendEvent<P>{now_, from, send.to, send.msg, f, duplicated, delay});
    if (f == Fate::kLost || f == Fate::kPartitioned || f == Fate::kNoSuchNode) {
      const DropReason why = f == Fate::kLost          ? DropReason::kLost
                             : f == Fate::kPartitioned ? DropReason::kPartitioned
                                                       : DropReason::kNoSuchNode;
      run_events_.drop(DropEvent<P>{now_, from, send.to, send.msg, why});
    }
  };
  if (send.to < 1 || send.to > config_.nodes) {
    fate(Fate::kNoSuchNode);
    return record(trace::Kind::kDrop, "no such node");
  }
  if (send.to == from && !network_.faulty_self) {
    fate(Fate::kSelf, false, network_.min_latency);
    record(trace::Kind::kSend, "self");
    const std::uint64_t ref = store(std::move(send.msg));
    remember_send(ref);
    push(now_ + network_.min_latency, EventKind::kDeliver, send.to, from, ref);
    return;
  }
  if (!links_.connected(from, send.to)) {
    fate(Fate::kPartitioned);
    return record(trace::Kind::kDrop, "partitioned");
  }
  if (net_rng_.chance(network_.drop)) {
    fate(Fate::kLost);
    return record(trace::Kind::kDrop, "lost");
  }
  auto draw_delay = [&](bool& spiked) {
    Duration d = net_rng_.between(network_.min_latency, network_.max_latency);
    spiked = net_rng_.chance(network_.spike);
    if (spiked) d += net_rng_.between(0, network_.spike_max);
    return d;
  };
  bool spiked = false;
  const Duration delay = draw_delay(spiked);
  const bool duplicate = net_rng_.chance(network_.duplicate);
  if (duplicate) {
    bool spiked2 = false;
    const Duration delay2 = draw_delay(spiked2);
    record(trace::Kind::kDuplicate, full ? fmt::format("copy arrives after {}", format_time(delay2)) : "");
    const std::uint64_t copy = store(send.msg);
    remember_send(copy);
    push(now_ + delay2, EventKind::kDeliver, send.to, from, copy);
  }
  fate(Fate::kInFlight, duplicate, delay);
  record(trace::Kind::kSend,
         full ? fmt::format("delay {}{}", format_time(delay), spiked ? " (spike)" : "") : "");
  const std::uint64_t ref = store(std::move(send.msg));
  remember_send(ref);
  push(now_ + delay, EventKind::kDeliver, send.to, from, ref);
}

template <node::Protocol P>
void Simulator<P>::apply_output(NodeId n, Output output) {
  if (trace_.level() != trace::Level::kOff) {
    const bool full = trace_.full();
    trace_.record(now_, trace::Kind::kOutput, n, 0, codec::hash(output),
                  full ? codec::to_text(output) : "", {},
                  full ? codec::to_json(output) : codec::Json{});
  }
  OutputRecord<P> record{now_, n, std::move(output)};
  run_events_.output(OutputEvent<P>{now_, n, record.output});
  for (auto& observer : observers_) {
    if (auto violation = observer(record)) {
      fail("safety", *violation);
      break;
    }
  }
  if (config_.keep_outputs) outputs_.push_back(std::move(record));
}

template <node::Protocol P>
void Simulator<P>::check_invariants() {
  for (auto& [name, check] : invariants_) {
    if (auto violation = check()) {
      fail("safety", name + ": " + *violation);
      return;
    }
  }
}

}  // namespace dslab::sim
