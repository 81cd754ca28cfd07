// The table runner: message-sequence tests of one node, written as rows with designated
// initializers ("deliver this; expect these sends / outputs / timers / no message of this
// kind"), run through NodeDriver on the lab's engine. A failing row is reported in the first
// line of the failure: `row 2 (client value): expected a send to n1 of Prepare(round=1); sent:
// (none)`.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <variant>
#include <vector>

#include "runtime/codec/view.hpp"
#include "runtime/testing/driver.hpp"
#include "runtime/testing/lab_engine.hpp"
#include "runtime/testing/report.hpp"

namespace dslab::labkit {

/// Whether a Table's node has run on_start when the table begins.
enum class Boot : std::uint8_t { kStarted, kNotStarted };

/// "n1 Prepare(round=1), n2 Prepare(round=1)", or "(none)".
template <class P>
std::string describe_sends(const std::vector<node::Send<P>>& sends) {
  std::string out;
  for (const auto& s : sends) {
    out += (out.empty() ? "n" : ", n") + std::to_string(s.to) + " " + codec::to_text(s.msg);
  }
  return out.empty() ? "(none)" : out;
}

/// "Suspect(node=2), Trust(leader=1)" (sorted, so order does not matter), or "(none)".
template <class T>
std::vector<std::string> sorted_texts(const std::vector<T>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) out.push_back(codec::to_text(v));
  std::sort(out.begin(), out.end());
  return out;
}

/// Deliver `msg` from `from` (kEnvironment for a client or the leader detector).
template <node::Protocol P>
struct TableDeliver {
  NodeId from = 0;
  typename P::Message msg;
};
struct FireTimer {};  ///< table input: advance to the earliest live timer and fire it
struct Restart {};    ///< table input: crash, restart from stable storage, run on_start
struct Start {};      ///< table input: run on_start (a table made with Boot::kNotStarted)
template <node::Protocol P>
using TableInput = std::variant<TableDeliver<P>, FireTimer, Restart, Start>;
/// A message a row expects the node to send.
template <node::Protocol P>
struct TableSent {
  NodeId to = 0;
  typename P::Message msg;
};

/// The kinds of message a row forbids, as variant indices of the protocol's Message; built by
/// kinds<Ts...>() (any lab) or Table<P>::kinds<Ts...>().
template <class... Ts>
struct Kinds {};
template <node::Protocol P>
struct MessageKinds {
  std::vector<std::size_t> indices;
  MessageKinds() = default;
  MessageKinds(std::vector<std::size_t> i) : indices(std::move(i)) {}  // NOLINT: implicit
  template <class... Ts>
  MessageKinds(Kinds<Ts...>) : indices{typename P::Message(Ts{}).index()...} {}  // NOLINT
};

/// One row: `quietly` is delivered first (each must send, output and set nothing), then the
/// input (FireTimer when not given); the expectations are about the input's handler call.
template <node::Protocol P>
struct TableRow {
  std::string what = {};                           ///< shown on failure: "prepare below promise"
  std::vector<TableDeliver<P>> quietly = {};
  TableInput<P> input = FireTimer{};
  std::vector<TableSent<P>> sends = {};            ///< each must be among the messages sent
  bool only_these_sends = false;                   ///< and no other message is sent
  MessageKinds<P> no_kinds = {};                   ///< no message of these kinds (see kinds<>())
  std::optional<std::vector<typename P::Output>> outputs = std::nullopt;  ///< exactly these
  std::optional<std::vector<Duration>> timers = std::nullopt;  ///< exactly these delays set
  bool writes_storage = false;                     ///< the call writes stable storage
};

/// A node under test (node `self` of the cluster 1..n) on the lab's engine, and the rows run on
/// it. Rows are numbered from 1 across every run() of the table. Not thread-safe.
template <node::Protocol P>
class Table {
 public:
  using Message = typename P::Message;
  using Output = typename P::Output;

  using Deliver = TableDeliver<P>;
  using FireTimer = labkit::FireTimer;
  using Restart = labkit::Restart;
  using Start = labkit::Start;
  using Input = TableInput<P>;
  using Sent = TableSent<P>;
  using Row = TableRow<P>;
  // Completes Row's default member initializers before a braced list of rows needs them (g++ 12
  // otherwise dies with an internal error on `run({{.what = ...}})`).
  static_assert(sizeof(Row{}) > 0);

  /// Node `self` of the cluster 1..nodes on the lab's engine (make_lab_engine<P>()).
  Table(NodeId self, int nodes, Boot boot = Boot::kStarted)
      : Table(make_lab_engine<P>(), self, nodes, boot) {}
  /// The same on a given engine (the kit's own tests).
  Table(std::unique_ptr<engine::Engine<P>> engine, NodeId self, int nodes, Boot boot)
      : engine_(std::move(engine)), driver_(*engine_, self, ids(nodes)) {
    if (boot == Boot::kStarted) driver_.start();
  }

  /// Runs the rows in order and stops at the first that does not hold, reporting it (by its
  /// number and `what`, in the failure's first line) as a non-fatal GoogleTest failure at the
  /// caller's line. Returns whether every row held.
  bool run(const std::vector<Row>& rows,
           std::source_location where = std::source_location::current()) {
    for (const Row& row : rows) {
      ++number_;
      if (auto problem = check(row)) {
        const auto failure = report_failure(FailedRow{number_, row.what, *problem});
        // What ADD_FAILURE_AT does, without its "Failed" first line.
        GTEST_MESSAGE_AT_(where.file_name(), static_cast<int>(where.line()), failure.message(),
                          ::testing::TestPartResult::kNonFatalFailure);
        return false;
      }
    }
    return true;
  }

  NodeDriver<P>& driver() { return driver_; }

  // Shorthands for rows.
  static Deliver from(NodeId n, Message msg) { return Deliver{n, std::move(msg)}; }
  static Deliver env(Message msg) { return Deliver{kEnvironment, std::move(msg)}; }
  static Sent to(NodeId n, Message msg) { return Sent{n, std::move(msg)}; }
  /// `msg` to each of nodes 1..n.
  static std::vector<Sent> to_all(int n, const Message& msg) {
    std::vector<Sent> out;
    for (NodeId i = 1; i <= n; ++i) out.push_back(Sent{i, msg});
    return out;
  }
  /// The message-kind indices (variant indices of Message) of the listed types, for no_kinds.
  template <class... Ts>
  static std::vector<std::size_t> kinds() {
    return {Message(Ts{}).index()...};
  }

 private:
  static std::vector<NodeId> ids(int n) {
    std::vector<NodeId> out;
    for (NodeId i = 1; i <= n; ++i) out.push_back(i);
    return out;
  }

  std::optional<std::string> check(const Row& row) {
    for (const Deliver& d : row.quietly) {
      const auto step = driver_.deliver(d.from, d.msg);
      if (step.sends.empty() && step.outputs.empty() && step.timers.empty()) continue;
      return "the " + codec::to_text(d.msg) + " from n" + std::to_string(d.from) +
             " (delivered before the input) must send, output and set nothing; sent: " +
             describe_sends(step.sends) + "; output: " + join_or_none(sorted_texts(step.outputs)) +
             "; timers: " + join_delays(delays(step));
    }
    if (std::holds_alternative<FireTimer>(row.input) && driver_.timers().empty()) {
      return std::string("expected a live timer to fire; the node has none set");
    }
    return check_step(row, apply(row.input));
  }

  Step<P> apply(const Input& input) {
    if (const auto* d = std::get_if<Deliver>(&input)) return driver_.deliver(d->from, d->msg);
    if (std::holds_alternative<FireTimer>(input)) return driver_.fire_next();
    if (std::holds_alternative<Start>(input)) return driver_.start();
    return driver_.crash_and_restart();
  }

  static std::vector<Duration> delays(const Step<P>& step) {
    std::vector<Duration> out;
    for (const auto& t : step.timers) out.push_back(t.after);
    std::sort(out.begin(), out.end());
    return out;
  }

  static std::optional<std::string> check_step(const Row& row, const Step<P>& step) {
    const std::string sent = "; sent: " + describe_sends(step.sends);
    std::vector<bool> matched(step.sends.size(), false);
    for (const Sent& want : row.sends) {
      bool found = false;
      for (std::size_t i = 0; i < step.sends.size() && !found; ++i) {
        if (matched[i] || step.sends[i].to != want.to || !(step.sends[i].msg == want.msg)) continue;
        matched[i] = found = true;
      }
      if (!found) {
        return "expected a send to n" + std::to_string(want.to) + " of " +
               codec::to_text(want.msg) + sent;
      }
    }
    for (std::size_t i = 0; i < step.sends.size(); ++i) {
      const auto& s = step.sends[i];
      if (row.only_these_sends && !matched[i]) {
        return "unexpected send to n" + std::to_string(s.to) + " of " + codec::to_text(s.msg) +
               " (only the row's sends are allowed)" + sent;
      }
      for (std::size_t k : row.no_kinds.indices) {
        if (s.msg.index() == k) {
          return "must not send " + codec::to_text(s.msg) + " (sent to n" + std::to_string(s.to) +
                 ")";
        }
      }
    }
    if (row.outputs && sorted_texts(*row.outputs) != sorted_texts(step.outputs)) {
      return "expected output " + join_or_none(sorted_texts(*row.outputs)) +
             "; output: " + join_or_none(sorted_texts(step.outputs));
    }
    if (row.timers) {
      std::vector<Duration> want = *row.timers;
      std::sort(want.begin(), want.end());
      if (want != delays(step)) {
        return "expected timers set with delays " + join_delays(want) +
               "; set: " + join_delays(delays(step));
      }
    }
    if (row.writes_storage && step.writes.empty()) {
      return std::string(
          "expected the answer to be backed by a stable-storage write in the same handler; it "
          "wrote nothing");
    }
    return std::nullopt;
  }

  std::unique_ptr<engine::Engine<P>> engine_;
  NodeDriver<P> driver_;
  std::size_t number_ = 0;
};

// ---- Row builders for any lab: the protocol is the row's (deduced where the row needs it), so a
// lab's tests write `from(2, Prepare{1})` without aliases of their own (`using namespace
// dslab::labkit::rows;` in the test's namespace). ----
namespace rows {

/// from(n, msg): deliver `msg` from node n (the row's input or one of its `quietly`).
template <class M>
struct AnyDeliver {
  NodeId from = 0;
  M msg;
  template <node::Protocol P>
  operator TableDeliver<P>() const {  // NOLINT: implicit by design
    return Table<P>::from(from, typename P::Message(msg));
  }
  template <node::Protocol P>
  operator TableInput<P>() const {  // NOLINT
    return TableDeliver<P>(*this);
  }
};
/// to(n, msg): a send to node n the row expects.
template <class M>
struct AnySent {
  NodeId to = 0;
  M msg;
  template <node::Protocol P>
  operator TableSent<P>() const {  // NOLINT
    return Table<P>::to(to, typename P::Message(msg));
  }
};
/// to_all(n, msg): `msg` to each of nodes 1..n.
template <class M>
struct AnySentAll {
  int nodes = 0;
  M msg;
  template <node::Protocol P>
  operator std::vector<TableSent<P>>() const {  // NOLINT
    return Table<P>::to_all(nodes, typename P::Message(msg));
  }
};

template <class M>
AnyDeliver<M> from(NodeId n, M msg) {
  return {n, std::move(msg)};
}
/// From the environment (a client or the leader detector).
template <class M>
AnyDeliver<M> env(M msg) {
  return {kEnvironment, std::move(msg)};
}
template <class M>
AnySent<M> to(NodeId n, M msg) {
  return {n, std::move(msg)};
}
template <class M>
AnySentAll<M> to_all(int n, M msg) {
  return {n, std::move(msg)};
}
/// The kinds of message a row's `no_kinds` forbids: kinds<Prepare, Accept>().
template <class... Ts>
Kinds<Ts...> kinds() {
  return {};
}
using labkit::FireTimer;
using labkit::Restart;
using labkit::Start;

}  // namespace rows

}  // namespace dslab::labkit
