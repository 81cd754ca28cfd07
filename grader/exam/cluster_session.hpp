// The exam's cluster commands for one protocol: stepping, running until a condition, the
// examiner's network moves, node state with changes marked, pending items, the trace, and undo
// (a snapshot before every command that changes the cluster).
#pragma once

#include <fmt/format.h>

#include <memory>
#include <optional>

#include "grader/exam/binding.hpp"
#include "grader/exam/cluster.hpp"
#include "grader/exam/display.hpp"
#include "grader/exam/world.hpp"

namespace dslab::exam {

/// Most events one `run until` takes before it stops and says so.
inline constexpr std::uint64_t kRunLimit = 10'000;
/// Most undo steps kept.
inline constexpr std::size_t kUndoDepth = 500;

/// Cluster commands over World<P>. Not thread-safe.
template <node::Protocol P>
class ClusterSession final : public Cluster {
 public:
  ClusterSession(std::unique_ptr<engine::Engine<P>> engine, LabBinding<P> binding)
      : engine_(std::move(engine)), binding_(std::move(binding)) {}

  void begin(const Scenario& scenario, std::uint64_t seed, std::ostream& out) override {
    undo_.clear();
    looks_.clear();
    setup_errors_.clear();
    world_.reset();
    world_.emplace(*engine_, WorldConfig{.nodes = scenario.nodes,
                                         .seed = seed,
                                         .min_latency = scenario.min_latency,
                                         .max_latency = scenario.max_latency});
    failures_seen_ = 0;
    out << fmt::format("{} nodes started (n1..n{}); messages take {} to {}\n", scenario.nodes,
                       scenario.nodes, format_time(scenario.min_latency),
                       format_time(scenario.max_latency));
    print_since(0, out);
    // A line that cannot run (the student's node crashed earlier than the bank expects) is
    // said and skipped: the exam goes on. exam_labs_test runs every setup on the references.
    for (const auto& line : scenario.setup) {
      out << "setup> " << line << "\n";
      const Command c = parse_command(line);
      try {
        if (!run(c, out)) throw CommandError("not a cluster command");
      } catch (const CommandError& e) {
        setup_errors_.push_back(
            fmt::format("scenario {}: setup line \"{}\": {}", scenario.id, line, e.what()));
        out << "setup error: " << e.what() << " (skipped)\n";
      }
    }
    undo_.clear();
  }

  bool run(const Command& c, std::ostream& out) override {
    World<P>& w = world();
    if (c.name == "state") return show_state(c, out), true;
    if (c.name == "pending") return show_pending(out), true;
    if (c.name == "trace") return show_trace(c, out), true;
    if (c.name == "undo") return undo(out), true;
    if (const LabInput<P>* input = find_input(c.name)) {
      const auto inputs = input->make(c.args, w);
      return change(c, out, [&] {
        for (const auto& [to, msg] : inputs) w.inject(to, msg);
      });
    }
    std::function<void()> move = cluster_move(c);
    if (!move) return false;
    return change(c, out, move);
  }

  std::vector<CommandInfo> lab_commands() const override {
    std::vector<CommandInfo> out;
    for (const auto& i : binding_.inputs) out.push_back(i.info);
    return out;
  }
  std::vector<std::string> condition_help() const override {
    std::vector<std::string> out;
    for (const auto& c : binding_.conditions)
      out.push_back(fmt::format("  {:<22}{}", c.usage, c.summary));
    return out;
  }
  CompletionContext completion() const override {
    CompletionContext ctx;
    if (!world_) return ctx;
    for (NodeId n : world_->nodes()) ctx.nodes.push_back(std::to_string(n));
    ctx.pending = world_->pending().size();
    ctx.conditions = {"time", "output", "sent", "delivered", "quiet"};
    for (const auto& c : binding_.conditions) ctx.conditions.push_back(c.first_word);
    return ctx;
  }
  std::string status() const override {
    if (!world_) return "";
    return fmt::format("t={}, {} pending", format_time(world_->now()), world_->pending().size());
  }

  const std::vector<std::string>& setup_errors() const override { return setup_errors_; }

  /// The world, for tests.
  World<P>& world() {
    if (!world_) throw CommandError("no scenario is running");
    return *world_;
  }

 private:
  struct UndoEntry {
    std::string line;
    Snapshot<P> snapshot;
  };

  // The move a cluster command makes, or an empty function when `c` is not one.
  std::function<void()> cluster_move(const Command& c) {
    World<P>& w = world();
    if (c.name == "step") {
      const std::size_t n = c.args.empty() ? 1 : parse_count(c.args[0], "step's N", kRunLimit);
      if (w.pending().empty())
        throw CommandError("nothing is pending: every message is delivered and no timer is set");
      return [&w, n] {
        for (std::size_t i = 0; i < n && w.step(); ++i) {
        }
      };
    }
    if (c.name == "run") {
      if (c.args.size() < 2 || c.args[0] != "until")
        throw CommandError("usage: run until <condition> (help run)");
      return run_until(std::vector<std::string>(c.args.begin() + 1, c.args.end()));
    }
    auto one_arg = [&](const char* usage) -> const std::string& {
      if (c.args.size() != 1) throw CommandError(std::string("usage: ") + usage);
      return c.args[0];
    };
    const std::size_t most = std::max<std::size_t>(1, w.pending().size());
    if (c.name == "deliver")
      return
          [&w, k = parse_count(one_arg("deliver <n>"), "the item number", most)] { w.deliver(k); };
    if (c.name == "drop")
      return [&w, k = parse_count(one_arg("drop <n>"), "the item number", most)] { w.drop(k); };
    if (c.name == "duplicate") {
      return [&w, k = parse_count(one_arg("duplicate <n>"), "the item number", most)] {
        w.duplicate(k);
      };
    }
    if (c.name == "crash") return [&w, n = parse_node(one_arg("crash <node>"))] { w.crash(n); };
    if (c.name == "restart")
      return [&w, n = parse_node(one_arg("restart <node>"))] { w.restart(n); };
    if (c.name == "heal") return [&w] { w.heal(); };
    if (c.name == "partition") {
      if (c.args.empty()) throw CommandError("usage: partition <a,b|c> (e.g. partition 1,2|3)");
      return [&w, groups = parse_partition(c.rest)] { w.partition(groups); };
    }
    return {};
  }

  // `run until <words>`.
  std::function<void()> run_until(const std::vector<std::string>& words) {
    World<P>& w = world();
    if (words[0] == "time") {
      if (words.size() != 2) throw CommandError("usage: run until time <t> (e.g. 500ms)");
      const Time t = parse_time(words[1]);
      if (t < w.now()) throw CommandError(fmt::format("it is already {}", format_time(w.now())));
      return [this, &w, t] {
        std::uint64_t taken = 0;
        while (!interrupted() && taken < kRunLimit && !w.pending().empty() &&
               w.pending().front().due <= t) {
          w.step();
          ++taken;
        }
        if (taken == kRunLimit) {
          summary_ = fmt::format("stopped after {} events at {}", kRunLimit, format_time(w.now()));
        } else {
          w.advance_to(t);
          summary_ = fmt::format("{} events; the clock is at {}", taken, format_time(w.now()));
        }
      };
    }
    Condition<P> done = parse_condition(words);
    return [this, &w, done] {
      std::uint64_t taken = 0;
      while (!done(w)) {
        if (interrupted()) {
          summary_ = fmt::format("interrupted after {} events (t={})", taken, format_time(w.now()));
          return;
        }
        if (taken == kRunLimit || !w.step()) {
          summary_ =
              (taken == kRunLimit
                   ? fmt::format("stopped: not reached after {} events", kRunLimit)
                   : std::string("stopped: nothing left to run, and the condition does not hold")) +
              fmt::format(" (t={})", format_time(w.now()));
          return;
        }
        ++taken;
      }
      summary_ = fmt::format("reached after {} events (t={})", taken, format_time(w.now()));
    };
  }

  Condition<P> parse_condition(const std::vector<std::string>& words) {
    World<P>& w = world();
    const std::size_t events_before = w.trace().events().size();
    const std::size_t outputs_before = w.outputs().size();
    auto typed = [&](trace::Kind a, trace::Kind b) -> Condition<P> {
      if (words.size() != 2)
        throw CommandError(fmt::format("usage: run until {} <MessageType>", words[0]));
      return [a, b, type = words[1], events_before](const World<P>& world) {
        const auto& events = world.trace().events();
        for (std::size_t i = events_before; i < events.size(); ++i) {
          const auto& e = events[i];
          if ((e.kind == a || e.kind == b) && e.json.is_object() &&
              e.json.value("type", "") == type)
            return true;
        }
        return false;
      };
    };
    if (words[0] == "sent") return typed(trace::Kind::kSend, trace::Kind::kSend);
    if (words[0] == "delivered") return typed(trace::Kind::kDeliver, trace::Kind::kInject);
    if (words[0] == "output") {
      if (words.size() != 2) throw CommandError("usage: run until output <OutputType>");
      return [type = words[1], outputs_before](const World<P>& world) {
        for (std::size_t i = outputs_before; i < world.outputs().size(); ++i) {
          if (codec::alternative_name(world.outputs()[i].output) == type) return true;
        }
        return false;
      };
    }
    if (words[0] == "quiet" && words.size() == 1) {
      return [](const World<P>& world) {
        for (const auto& item : world.pending()) {
          if (item.is_message()) return false;
        }
        return true;
      };
    }
    for (const auto& named : binding_.conditions) {
      if (auto cond = named.parse(words)) return *cond;
    }
    std::string known = "time <t>, output <Type>, sent <Type>, delivered <Type>, quiet";
    for (const auto& named : binding_.conditions) known += ", " + named.usage;
    throw CommandError(fmt::format("unknown condition '{}': try {}", fmt::join(words, " "), known));
  }

  // Runs a move that changes the cluster, with a snapshot for undo and the events it caused.
  bool change(const Command& c, std::ostream& out, const std::function<void()>& move) {
    World<P>& w = world();
    UndoEntry entry{c.line, w.snapshot()};
    const std::size_t from = w.trace().events().size();
    summary_.clear();
    move();
    print_since(from, out);
    if (!summary_.empty()) out << summary_ << "\n";
    if (undo_.size() == kUndoDepth) undo_.erase(undo_.begin());
    undo_.push_back(std::move(entry));
    return true;
  }

  void print_since(std::size_t from, std::ostream& out) {
    const World<P>& w = world();
    const auto& events = w.trace().events();
    constexpr std::size_t kShown = 200;
    if (events.size() - from > kShown) {
      out << fmt::format("  ... {} earlier events (trace shows them)\n",
                         events.size() - from - kShown);
      from = events.size() - kShown;
    }
    for (std::size_t i = from; i < events.size(); ++i) out << render_event(events[i]) << "\n";
    for (; failures_seen_ < w.failures().size(); ++failures_seen_) {
      out << highlight("event: " + w.failures()[failures_seen_], style_)
          << " -- it is down now; `restart` boots it again\n";
    }
  }

  void undo(std::ostream& out) {
    if (undo_.empty()) throw CommandError("nothing to undo (the scenario is as it started)");
    UndoEntry entry = std::move(undo_.back());
    undo_.pop_back();
    world().restore(entry.snapshot);
    failures_seen_ = world().failures().size();
    out << fmt::format("undone: {}  (back at t={}, {} pending)\n", entry.line,
                       format_time(world().now()), world().pending().size());
  }

  void show_state(const Command& c, std::ostream& out) {
    if (c.args.size() != 1) throw CommandError("usage: state <node>");
    World<P>& w = world();
    const NodeId n = parse_node(c.args[0]);
    if (n > static_cast<NodeId>(w.nodes().size())) {
      throw CommandError(fmt::format("no node {}: this scenario has n1..n{}", n, w.nodes().size()));
    }
    const NodeSlot& slot = w.node_slot(n);
    std::string keys;
    for (const auto& [key, value] : slot.storage) keys += (keys.empty() ? "" : ", ") + key;
    out << fmt::format("n{}  {}, incarnation {}, t={}; stable storage: {}\n", n,
                       slot.up ? "up" : "DOWN", slot.incarnation, format_time(w.now()),
                       keys.empty() ? "(empty)" : keys);
    if (!slot.up) return;
    const Fields now = flatten(w.view(n));
    const auto last = looks_.find(n);
    out << render_fields(now, last == looks_.end() ? Fields{} : last->second, last == looks_.end(),
                         style_);
    looks_[n] = now;
  }

  void show_pending(std::ostream& out) {
    World<P>& w = world();
    const auto items = w.pending();
    if (items.empty()) out << "nothing is pending\n";
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Item<P>& item = items[i];
      std::string note;
      if (item.is_message() && !w.is_up(item.to)) note = fmt::format("  (n{} is down)", item.to);
      if (item.is_message() && item.from != kEnvironment &&
          !w.links().connected(item.from, item.to)) {
        note = "  (partitioned)";
      }
      out << fmt::format("  {:>3}  {:>11}  {}{}\n", i + 1, format_time(item.due), item.describe(),
                         note);
    }
  }

  void show_trace(const Command& c, std::ostream& out) {
    World<P>& w = world();
    trace::RenderOptions o;
    o.nodes = static_cast<int>(w.nodes().size());
    o.last = c.args.empty() ? 40 : parse_count(c.args[0], "trace's N", 100000);
    if (w.trace().events().empty()) out << "nothing has happened yet\n";
    out << trace::render_text(w.trace().events(), o);
  }

  const LabInput<P>* find_input(const std::string& name) const {
    for (const auto& i : binding_.inputs) {
      if (i.info.name == name) return &i;
    }
    return nullptr;
  }

  std::unique_ptr<engine::Engine<P>> engine_;
  LabBinding<P> binding_;
  std::optional<World<P>> world_;
  std::vector<UndoEntry> undo_;
  std::map<NodeId, Fields> looks_;
  std::size_t failures_seen_ = 0;
  std::vector<std::string> setup_errors_;
  std::string summary_;  ///< the last move's closing line ("reached after 12 events")
};

}  // namespace dslab::exam
