// Lab 4 checker: log agreement, in-order gap-free delivery and validity (see the header).
#include "labs/lab4-multipaxos/tests/common/log_checker.hpp"

#include <fmt/format.h>

#include "runtime/codec/view.hpp"

namespace lab4::checks {

LogChecker::LogChecker(Sim& sim) : sim_(sim) {
  sim_.run_events().on_output([this](const dslab::sim::OutputEvent<Protocol>& e) {
    if (const auto* d = std::get_if<Delivered>(&e.output)) check(e.time, e.node, *d);
  });
}

void LogChecker::submitted(const Command& command) {
  submitted_.emplace(std::pair{command.client, command.seq}, command.payload);
}

Slot LogChecker::delivered(NodeId n) const {
  const auto it = last_.find(n);
  return it == last_.end() ? kNoSlot : it->second;
}

void LogChecker::check(dslab::Time at, NodeId node, const Delivered& d) {
  if (sim_.failed()) return;
  const auto when = dslab::format_time(at);
  const std::string what = dslab::codec::to_text(d.command);
  if (d.slot != delivered(node) + 1) {
    return sim_.fail("safety", fmt::format("order: n{} delivered slot {} at t={} after slot {} "
                                           "(slots are delivered 1, 2, 3, ..., each once)",
                                           node, d.slot, when, delivered(node)));
  }
  if (!is_noop(d.command)) {
    const auto it = submitted_.find({d.command.client, d.command.seq});
    if (it == submitted_.end() || it->second != d.command.payload) {
      return sim_.fail("safety", fmt::format("validity: n{} delivered {} in slot {} at t={}, a "
                                             "command no client submitted",
                                             node, what, d.slot, when));
    }
  }
  const auto [it, first] = log_.emplace(d.slot, std::pair{node, d.command});
  if (!first && !(it->second.second == d.command)) {
    return sim_.fail("safety", fmt::format("agreement: n{} delivered {} in slot {} at t={}, but "
                                           "n{} delivered {} there",
                                           node, what, d.slot, when, it->second.first,
                                           dslab::codec::to_text(it->second.second)));
  }
  last_[node] = d.slot;
  if (first && !is_noop(d.command)) ++commands_[{d.command.client, d.command.seq}];
}

bool LogChecker::all_live_caught_up() const {
  for (NodeId n : sim_.nodes()) {
    if (sim_.is_up(n) && delivered(n) < highest()) return false;
  }
  return true;
}

std::string LogChecker::behind() const {
  std::string out;
  for (NodeId n : sim_.nodes()) {
    if (!sim_.is_up(n) || delivered(n) >= highest()) continue;
    out += fmt::format("{}n{} at slot {}", out.empty() ? "" : ", ", n, delivered(n));
  }
  return fmt::format("{} (highest delivered slot {})", out.empty() ? "none" : out, highest());
}

int LogChecker::copies(std::int32_t client, std::uint64_t seq) const {
  const auto it = commands_.find({client, seq});
  return it == commands_.end() ? 0 : it->second;
}

}  // namespace lab4::checks
