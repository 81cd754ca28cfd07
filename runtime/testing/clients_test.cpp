// Tests of the simulated clients and their histories: a tiny replicated register whose primary
// (n1) answers everything is linearizable under message loss (clients retry); the same register
// whose backups answer reads from a lazily updated copy is rejected by the checker.
#include <gtest/gtest.h>

#include <map>

#include "runtime/engine/inprocess.hpp"
#include "runtime/lincheck/register_model.hpp"
#include "runtime/node/context.hpp"
#include "runtime/testing/check.hpp"
#include "runtime/testing/clients.hpp"

namespace dslab::labkit {
namespace {

using lincheck::RegisterModel;

struct Request {
  std::int64_t client = 0;
  std::uint64_t seq = 0;
  bool write = false;
  std::int64_t value = 0;
  DSLAB_STATE(Request, client, seq, write, value)
};
/// The primary's new value, pushed to the backups (the stale variant reads from it).
struct Update {
  std::int64_t value = 0;
  DSLAB_STATE(Update, value)
};
struct Never {
  DSLAB_STATE(Never)
};
struct Reply {
  std::int64_t client = 0;
  std::uint64_t seq = 0;
  bool has_value = false;  ///< reads: whether the register held a value
  std::int64_t value = 0;
  DSLAB_STATE(Reply, client, seq, has_value, value)
};
/// "Ask `leader` instead" (0: I know no leader).
struct Moved {
  std::int64_t client = 0;
  std::uint64_t seq = 0;
  NodeId leader = 0;
  DSLAB_STATE(Moved, client, seq, leader)
};
struct Protocol {
  using Message = std::variant<Request, Update>;
  using Timer = std::variant<Never>;
  using Output = std::variant<Reply, Moved>;
};

/// n1 holds the register and answers every request once per (client, seq); the other nodes
/// forward requests to it. With `stale_reads`, the others answer reads from their copy, which
/// n1's Updates refresh only after a network delay.
template <bool stale_reads>
class RegisterNode {
 public:
  using Protocol = labkit::Protocol;
  void on_start(node::Context<Protocol>&) {}
  void on_message(node::Context<Protocol>& ctx, NodeId, const Protocol::Message& msg) {
    if (const auto* u = std::get_if<Update>(&msg)) {
      copy_ = u->value;
      has_copy_ = true;
      return;
    }
    const auto& r = std::get<Request>(msg);
    if (ctx.self() != 1) {
      if (stale_reads && !r.write) return ctx.output(Reply{r.client, r.seq, has_copy_, copy_});
      return ctx.send(1, r);
    }
    auto& last = last_[r.client];
    if (r.seq < last.seq) return;                 // an old retry: its answer went out
    if (r.seq > last.seq) {
      if (r.write) {
        value_ = r.value;
        has_value_ = true;
        for (NodeId n : ctx.nodes()) {
          if (n != 1) ctx.send(n, Update{r.value});
        }
      }
      last = Reply{r.client, r.seq, has_value_, value_};
    }
    ctx.output(last);                             // first answer, or the same one again
  }
  void on_timer(node::Context<Protocol>&, const Protocol::Timer&) {}

 private:
  bool has_value_ = false;
  std::int64_t value_ = 0;
  bool has_copy_ = false;
  std::int64_t copy_ = 0;
  std::map<std::int64_t, Reply> last_;
  DSLAB_STATE(RegisterNode, has_value_, value_, has_copy_, copy_, last_)
};

/// n1 answers as RegisterNode<false>; the others answer every request with Moved, naming n1
/// (or, with `name_nobody`, no one).
template <bool name_nobody>
class RedirectingNode {
 public:
  using Protocol = labkit::Protocol;
  void on_start(node::Context<Protocol>& ctx) { primary_.on_start(ctx); }
  void on_message(node::Context<Protocol>& ctx, NodeId from, const Protocol::Message& msg) {
    const auto* r = std::get_if<Request>(&msg);
    if (ctx.self() == 1 || r == nullptr) return primary_.on_message(ctx, from, msg);
    ctx.output(Moved{r->client, r->seq, name_nobody ? 0 : 1});
  }
  void on_timer(node::Context<Protocol>&, const Protocol::Timer&) {}

 private:
  RegisterNode<false> primary_;
  DSLAB_STATE(RedirectingNode, primary_)
};

using Sim = sim::Simulator<Protocol>;

ClientSpec<Protocol, RegisterModel> register_clients() {
  ClientSpec<Protocol, RegisterModel> spec;
  spec.clients = 4;
  spec.operations = 25;
  spec.next = [](random::Rng& rng, int) {
    return rng.chance({1, 2}) ? RegisterModel::write(static_cast<std::int64_t>(rng.below(100)))
                              : RegisterModel::read();
  };
  spec.request = [](int client, std::uint64_t seq, const RegisterModel::Input& in) {
    return Protocol::Message{Request{client, seq, in.kind == RegisterModel::Input::Kind::kWrite,
                                     in.value}};
  };
  spec.reply = [](const Protocol::Output& out) -> std::optional<ClientReply<RegisterModel>> {
    if (!std::holds_alternative<Reply>(out)) return std::nullopt;
    const auto& r = std::get<Reply>(out);
    return ClientReply<RegisterModel>{
        static_cast<int>(r.client), r.seq,
        RegisterModel::returned(r.has_value ? RegisterModel::Value(r.value) : std::nullopt)};
  };
  return spec;
}

sim::SimConfig lossy(std::uint64_t seed) {
  sim::SimConfig c;
  c.seed = seed;
  c.network.drop = {1, 10};
  c.network.duplicate = {1, 10};
  return c;
}

/// Runs the clients to the end on `engine` and checks the history in one call.
template <class Node>
lincheck::Result run_register(std::uint64_t seed, std::size_t* answered = nullptr) {
  engine::InProcessEngine<Node> engine;
  Sim sim(lossy(seed), engine);
  Clients<Protocol, RegisterModel> clients(sim, register_clients());
  EXPECT_TRUE(eventually(sim, sec(30), [&] { return clients.done(); }, "all clients done"));
  if (answered) *answered = clients.answered();
  EXPECT_EQ(clients.history().size(), 100u);
  return clients.check();
}

TEST(Clients, PrimaryRegisterIsLinearizableWithRetriesOverALossyNetwork) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    std::size_t answered = 0;
    const auto r = run_register<RegisterNode<false>>(seed, &answered);
    EXPECT_EQ(r.verdict, lincheck::Verdict::kLinearizable) << "seed " << seed << ": " << r.reason;
    EXPECT_GT(answered, 90u) << "seed " << seed << ": clients must retry lost requests";
  }
}

TEST(Clients, StaleReadsFromABackupAreRejected) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto r = run_register<RegisterNode<true>>(seed);
    EXPECT_EQ(r.verdict, lincheck::Verdict::kNotLinearizable) << "seed " << seed;
    ASSERT_TRUE(r.explanation.has_value()) << "seed " << seed;
    EXPECT_FALSE(r.explanation->blocked.empty()) << "seed " << seed;
  }
}

TEST(Clients, RequireLinearizableFailsTheRunWithTheExplanation) {
  engine::InProcessEngine<RegisterNode<true>> engine;
  Sim sim(lossy(3), engine);
  Clients<Protocol, RegisterModel> clients(sim, register_clients());
  eventually(sim, sec(30), [&] { return clients.done(); }, "all clients done");
  EXPECT_FALSE(clients.require_linearizable());
  ASSERT_TRUE(sim.failed());
  EXPECT_EQ(sim.failure()->kind, "linearizability");
  EXPECT_NE(sim.failure()->message.find("not linearizable"), std::string::npos)
      << sim.failure()->message;
  EXPECT_NE(sim.failure()->message.find("cannot be placed"), std::string::npos)
      << sim.failure()->message;
}

TEST(Clients, GiveUpLeavesAnUnknownOutcomeAndTheNextCallGoesOn) {
  // A network that loses everything n2/n3 forward: requests that land there are never answered.
  engine::InProcessEngine<RegisterNode<false>> engine;
  sim::SimConfig c;
  c.network.drop = {1, 1};
  Sim sim(c, engine);
  auto spec = register_clients();
  spec.attempts = 2;
  Clients<Protocol, RegisterModel> clients(sim, spec);
  ASSERT_TRUE(eventually(sim, sec(60), [&] { return clients.done(); }, "all clients done"));
  std::size_t unknown = 0;
  for (const auto& op : clients.history()) unknown += op.known() ? 0 : 1;
  EXPECT_GT(unknown, 0u);
  EXPECT_GT(clients.answered(), 0u);
  EXPECT_EQ(clients.history().size(), 100u);
  EXPECT_EQ(clients.check().verdict, lincheck::Verdict::kLinearizable);
}

/// The register clients following Moved redirects, on a reliable network.
template <class Node>
void run_redirected(std::uint64_t seed, int want_most_sends) {
  engine::InProcessEngine<Node> engine;
  sim::SimConfig c;
  c.seed = seed;
  Sim sim(c, engine);
  auto spec = register_clients();
  spec.redirect = [](const Protocol::Output& out) -> std::optional<ClientRedirect> {
    const auto* m = std::get_if<Moved>(&out);
    if (m == nullptr) return std::nullopt;
    return ClientRedirect{static_cast<int>(m->client), m->seq, m->leader};
  };
  Clients<Protocol, RegisterModel> clients(sim, spec);
  ASSERT_TRUE(eventually(sim, sec(30), [&] { return clients.done(); }, "all clients done"));
  EXPECT_EQ(clients.answered(), 100u) << "seed " << seed;
  EXPECT_LE(clients.most_sends_per_answer(), want_most_sends) << "seed " << seed;
  // Only each client's first operation can be redirected; the rest go straight to n1.
  EXPECT_LE(clients.sends(), 100u + 4u * static_cast<std::size_t>(want_most_sends - 1))
      << "seed " << seed;
  EXPECT_EQ(clients.check().verdict, lincheck::Verdict::kLinearizable) << "seed " << seed;
}

TEST(Clients, FollowARedirectToTheNamedLeaderThenKeepToIt) {
  // A client's first send may land on n2 or n3 (one redirect: 2 sends); then it keeps to n1.
  for (std::uint64_t seed = 1; seed <= 5; ++seed) run_redirected<RedirectingNode<false>>(seed, 2);
}

TEST(Clients, ARedirectNamingNobodySendsToTheNextNodeInTurn) {
  // From n2 the next in turn is n3 (another redirect), then n1: at most 3 sends.
  for (std::uint64_t seed = 1; seed <= 5; ++seed) run_redirected<RedirectingNode<true>>(seed, 3);
}

}  // namespace
}  // namespace dslab::labkit
