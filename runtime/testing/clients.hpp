// Simulated clients: each injects requests tagged with its client id and a sequence number,
// retries on a timeout (to another node), optionally follows the nodes' redirects to the leader,
// and records a history of calls, returns and unknown outcomes that runtime/lincheck checks with
// one call.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/lincheck/checker.hpp"
#include "runtime/sim/simulator.hpp"

namespace dslab::labkit {

/// A node's answer to a client, as the lab's output carries it.
template <class M>
struct ClientReply {
  int client = 0;
  std::uint64_t seq = 0;
  typename M::Output output{};
};

/// A node's answer "ask the leader instead": `leader` is the node it believes leads (0: none).
struct ClientRedirect {
  int client = 0;
  std::uint64_t seq = 0;
  NodeId leader = 0;
};

/// What the clients do and how the protocol carries their requests and replies. `M` is the
/// lincheck model of the replicated object (e.g. lincheck::RegisterModel).
template <node::Protocol P, class M>
struct ClientSpec {
  int clients = 3;                  ///< client ids first_client .. first_client + clients - 1
  int first_client = 1;             ///< so that two Clients of one run have distinct ids
  int operations = 10;              ///< per client, one at a time
  Time start = 0;                   ///< first calls at start + [0, think]
  Duration think = msec(5);         ///< gap before each call, drawn from [0, think]
  Duration retry_after = msec(50);  ///< resend the pending request when no reply came
  int attempts = 10;                ///< sends per operation; then its outcome is unknown
  /// The next operation of `client` (the workload), drawn from `rng`.
  std::function<typename M::Input(random::Rng& rng, int client)> next;
  /// The request message for (client, seq, input), injected into a node.
  std::function<typename P::Message(int client, std::uint64_t seq, const typename M::Input&)>
      request;
  /// The client reply an output carries, if it is one.
  std::function<std::optional<ClientReply<M>>(const typename P::Output&)> reply;
  /// The redirect an output carries, if it is one. Not set: every send goes to a node drawn at
  /// random. Set: a client first sends to a node drawn at random, then keeps to the node it
  /// last sent to; a redirect from that node (for the pending operation) makes it send to the
  /// named leader `redirect_after` later (to the next node in turn, n1 after the last, when the
  /// redirect names no one or the redirecting node itself); a timeout sends to the next node
  /// in turn. Every send counts as one of the operation's `attempts`.
  std::function<std::optional<ClientRedirect>(const typename P::Output&)> redirect;
  Duration redirect_after = msec(1);  ///< the delay before following a redirect
};

/// The clients of one run. Create after the simulator, keep alive while it runs (its scheduled
/// actions refer to it). Not thread-safe.
template <node::Protocol P, class M>
class Clients {
 public:
  using Operation = lincheck::OperationOf<M>;

  Clients(sim::Simulator<P>& sim, ClientSpec<P, M> spec) : sim_(sim), spec_(std::move(spec)) {
    random::Rng base = sim.workload_rng().derive("clients");
    for (int c = spec_.first_client; c < spec_.first_client + spec_.clients; ++c) {
      clients_.push_back(State{c, base.derive(fmt::format("client/{}", c))});
    }
    sim_.run_events().on_output(
        [this](const sim::OutputEvent<P>& e) { on_output(e.time, e.node, e.output); });
    for (auto& c : clients_) schedule_call(c, spec_.start);
  }
  Clients(const Clients&) = delete;
  Clients& operator=(const Clients&) = delete;

  /// Every client has finished all its operations (answered or given up).
  bool done() const {
    for (const auto& c : clients_) {
      if (c.issued < spec_.operations || c.pending) return false;
    }
    return true;
  }
  /// Operations answered so far.
  std::size_t answered() const { return answered_; }
  /// Requests sent so far (first sends, retries and redirected sends).
  std::size_t sends() const { return sends_; }
  /// The most requests one answered operation took (0 before the first answer).
  int most_sends_per_answer() const { return most_sends_; }
  /// The history so far: pending operations and those given up have an unknown outcome.
  lincheck::History<M> history() const { return history_; }

  /// Checks the history against `model` (one call to runtime/lincheck).
  lincheck::Result check(const M& model = M{}, const lincheck::Options& options = {}) const {
    return lincheck::check(model, history_, options);
  }

  /// Checks the history and fails the run (kind "linearizability") with the checker's reason
  /// and explanation when it is not linearizable, or when the check could not decide (unknown
  /// never passes). Returns whether it passed.
  bool require_linearizable(const M& model = M{}, const lincheck::Options& options = {}) {
    const lincheck::Result r = check(model, options);
    if (r.verdict == lincheck::Verdict::kLinearizable) return true;
    std::string message = fmt::format("the clients' history ({} operations) is {}: {}",
                                      history_.size(), lincheck::to_string(r.verdict), r.reason);
    if (r.explanation) message += "\n" + r.explanation->to_text("    ");
    sim_.fail("linearizability", std::move(message));
    return false;
  }

 private:
  struct State {
    int id = 0;
    random::Rng rng;
    int issued = 0;
    std::uint64_t seq = 0;
    bool pending = false;
    int attempts = 0;
    std::size_t op = 0;  // index of the pending operation in history_
    NodeId to = 0;       // the node of the latest send (redirect mode: the one kept to)
  };

  void schedule_call(State& c, Time after) {
    const Time t = after + (spec_.think > 0 ? c.rng.between(0, spec_.think) : 0);
    const int id = c.id;
    sim_.at(t, fmt::format("client {}", id), [this, id](sim::Simulator<P>&) { call(state(id)); });
  }

  State& state(int id) { return clients_[static_cast<std::size_t>(id - spec_.first_client)]; }
  bool ours(int id) const {
    return id >= spec_.first_client && id < spec_.first_client + spec_.clients;
  }

  void call(State& c) {
    if (c.issued >= spec_.operations) return;
    ++c.issued;
    ++c.seq;
    c.pending = true;
    c.attempts = 0;
    c.op = history_.size();
    history_.push_back(Operation{c.id, spec_.next(c.rng, c.id), std::nullopt, sim_.now(),
                                 lincheck::kNever});
    send(c);
  }

  void send(State& c) {
    ++c.attempts;
    ++sends_;
    if (!spec_.redirect || c.to == 0) c.to = static_cast<NodeId>(c.rng.between(1, sim_.size()));
    sim_.inject_at(sim_.now(), c.to, spec_.request(c.id, c.seq, history_[c.op].input));
    later(c, spec_.retry_after, "timeout", [this](State& s) {
      if (spec_.redirect) s.to = next_node(s.to);
      retry(s);
    });
  }

  // Runs `then` on client c `delay` from now unless its operation moved on (answered, or
  // another send) meanwhile.
  template <class Then>
  void later(State& c, Duration delay, const char* what, Then then) {
    const int id = c.id;
    const std::uint64_t seq = c.seq;
    const int attempt = c.attempts;
    sim_.at(sim_.now() + delay, fmt::format("client {} {}", id, what),
            [this, id, seq, attempt, then](sim::Simulator<P>&) {
              State& s = state(id);
              if (s.pending && s.seq == seq && s.attempts == attempt) then(s);
            });
  }

  NodeId next_node(NodeId n) const { return n % sim_.size() + 1; }

  void retry(State& c) {
    if (c.attempts < spec_.attempts) return send(c);
    c.pending = false;  // given up: the outcome stays unknown
    schedule_call(c, sim_.now());
  }

  // A redirect from the node the client sent to, for its pending operation: the next send goes
  // to the named leader (or the next node in turn).
  void on_redirect(NodeId from, const ClientRedirect& r) {
    if (!ours(r.client)) return;
    State& c = state(r.client);
    if (!c.pending || r.seq != c.seq || from != c.to) return;  // stale, or another node's
    const NodeId leader = r.leader;
    later(c, spec_.redirect_after, "redirect", [this, leader](State& s) {
      const bool named = leader >= 1 && leader <= sim_.size() && leader != s.to;
      s.to = named ? leader : next_node(s.to);
      retry(s);
    });
  }

  void on_output(Time now, NodeId node, const typename P::Output& output) {
    if (spec_.redirect) {
      if (const auto redirect = spec_.redirect(output)) return on_redirect(node, *redirect);
    }
    const auto r = spec_.reply(output);
    if (!r || !ours(r->client)) return;
    State& c = state(r->client);
    if (!c.pending || r->seq != c.seq) return;  // a late or duplicate answer
    c.pending = false;
    history_[c.op].output = r->output;
    history_[c.op].ret = now;
    ++answered_;
    most_sends_ = std::max(most_sends_, c.attempts);
    schedule_call(c, now);
  }

  sim::Simulator<P>& sim_;
  ClientSpec<P, M> spec_;
  std::vector<State> clients_;
  lincheck::History<M> history_;
  std::size_t answered_ = 0;
  std::size_t sends_ = 0;
  int most_sends_ = 0;
};

}  // namespace dslab::labkit
