// BankClients: the clients' loop over the cluster's event stream, and the history's check.
#include "labs/lab5-bank/real/bank_clients.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "runtime/lincheck/bank_model.hpp"
#include "runtime/lincheck/checker.hpp"

namespace lab5::real {
namespace {

using Clock = std::chrono::steady_clock;
using dslab::lincheck::BankModel;

/// The most redirects followed at once for one send; then the client waits for its timeout
/// (two replicas that name each other during a leader change never ping-pong at full speed).
constexpr int kRedirectsPerSend = 3;

BankModel::Input to_model(const Operation& op) {
  if (op.kind == kDeposit) return BankModel::deposit(op.account, op.amount);
  if (op.kind == kWithdraw) return BankModel::withdraw(op.account, op.amount);
  if (op.kind == kTransfer) return BankModel::transfer(op.account, op.to, op.amount);
  return BankModel::balance(op.account);
}

}  // namespace

BankClients::BankClients(dslab::net::LocalCluster& cluster, WorkloadOptions options)
    : cluster_(cluster),
      options_(options),
      injector_(cluster.config()),
      rng_(options.seed),
      start_(Clock::now()),
      next_configure_(start_) {
  const int replicas = static_cast<int>(cluster.ids().size());
  for (int i = 1; i <= options_.clients; ++i) {
    clients_.push_back(Client{.id = i, .target = static_cast<dslab::NodeId>((i - 1) % replicas + 1)});
  }
  cluster_.set_listener([this](const dslab::net::NodeEvent& e) { return on_event(e); });
}

BankClients::~BankClients() { cluster_.set_listener({}); }

std::int64_t BankClients::now_us() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start_).count();
}

Operation BankClients::draw() {
  const auto account = [&] {
    return "acct" + std::to_string(rng_.between(1, std::max(options_.accounts, 1)));
  };
  const std::uint64_t kind = rng_.below(10);
  const std::int64_t amount = rng_.between(1, 10);
  if (kind < 4) return Operation{.kind = kDeposit, .account = account(), .to = "", .amount = amount};
  if (kind < 6) return Operation{.kind = kWithdraw, .account = account(), .to = "", .amount = amount};
  if (kind < 8) return Operation{.kind = kTransfer, .account = account(), .to = account(), .amount = amount};
  return Operation{.kind = kBalance, .account = account(), .to = "", .amount = 0};
}

bool BankClients::finished() const {
  if (options_.max_ops == 0) return false;
  return std::all_of(clients_.begin(), clients_.end(), [&](const Client& c) {
    return c.seq >= options_.max_ops && !c.pending;
  });
}

std::size_t BankClients::outstanding() const {
  return static_cast<std::size_t>(
      std::count_if(clients_.begin(), clients_.end(), [](const Client& c) { return c.pending.has_value(); }));
}

void BankClients::send(Client& c) {
  Record& r = history_[*c.pending];
  ++r.sends;
  c.sent_at = Clock::now();
  injector_.send(c.target, ClientRequest{Command{.client = c.id, .seq = c.seq, .op = r.op}});
}

void BankClients::send_due() {
  const auto now = Clock::now();
  const int replicas = static_cast<int>(cluster_.ids().size());
  for (Client& c : clients_) {
    if (c.pending && now - c.sent_at >= options_.retry) {  // retry at the next replica
      c.target = static_cast<dslab::NodeId>(c.target % replicas + 1);
      c.redirects_this_send = 0;
      ++retries_;
      send(c);
    }
  }
  for (Client& c : clients_) {
    if (stopped_) break;
    if (c.pending || (options_.max_ops != 0 && c.seq >= options_.max_ops)) continue;
    std::int64_t call = now_us();
    if (options_.rate > 0) {  // open loop: the operation's start is its slot in the schedule
      if (open_loop_next_us_ > call) break;
      call = open_loop_next_us_;
      open_loop_next_us_ += static_cast<std::int64_t>(1e6 / options_.rate);
    }
    ++c.seq;
    c.pending = history_.size();
    history_.push_back(Record{.client = c.id, .seq = c.seq, .op = draw(), .call = call});
    c.redirects_this_send = 0;
    send(c);
  }
}

void BankClients::configure_all() {
  const auto now = Clock::now();
  if (now < next_configure_) return;
  // Resent twice a second: a node that just (re)started misses what came before it listened.
  next_configure_ = now + std::chrono::milliseconds(500);
  for (dslab::NodeId id : cluster_.ids()) {
    if (cluster_.running(id)) {
      injector_.send(id, Configure{.batch_size = options_.batch_size, .batch_delay = options_.batch_delay});
    }
  }
}

void BankClients::on_answer(dslab::NodeId from, const dslab::codec::Json& output) {
  const std::string type = output.value("type", "");
  if (type != "Reply" && type != "Redirect") return;
  const auto client = output.value("client", 0);
  if (client < 1 || client > static_cast<int>(clients_.size())) return;
  Client& c = clients_[static_cast<std::size_t>(client - 1)];
  if (!c.pending || output.value("seq", std::uint64_t{0}) != c.seq) return;  // late or duplicate
  Record& r = history_[*c.pending];
  if (type == "Reply") {
    const auto& result = output["result"];
    r.result = Result{.ok = result.value("ok", false), .balance = result.value("balance", std::int64_t{0}),
                      .error = result.value("error", "")};
    r.ret = now_us();
    window_.record(r.ret - r.call);
    all_.record(r.ret - r.call);
    ++answered_;
    c.pending.reset();
    return;
  }
  if (c.redirects_this_send >= kRedirectsPerSend) return;  // wait for the timeout instead
  const auto leader = output.value("leader", dslab::NodeId{0});
  const int replicas = static_cast<int>(cluster_.ids().size());
  c.target = leader >= 1 && leader <= replicas && leader != from
                 ? leader
                 : static_cast<dslab::NodeId>(from % replicas + 1);
  ++c.redirects_this_send;
  ++redirects_;
  send(c);
}

bool BankClients::on_event(const dslab::net::NodeEvent& e) {
  ++events_seen_;
  if (e.json.value("event", "") != "output") return true;
  on_answer(e.node, e.json["output"]);
  return options_.keep_answers;
}

Clock::time_point BankClients::next_wake() const {
  auto wake = next_configure_;
  for (const Client& c : clients_) {
    if (c.pending) wake = std::min(wake, c.sent_at + options_.retry);
  }
  if (options_.rate > 0) {
    wake = std::min(wake, start_ + std::chrono::microseconds(open_loop_next_us_));
  }
  return wake;
}

bool BankClients::run_until(Clock::time_point until, const std::function<bool()>& stop) {
  while (true) {
    if (stop() || finished()) return true;
    if (Clock::now() >= until) return false;
    configure_all();
    send_due();
    const auto wake = std::min(until, next_wake());
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(wake - Clock::now());
    const std::uint64_t known = events_seen_;
    cluster_.wait_for([&] { return events_seen_ > known || stop(); },
                      std::max(left, std::chrono::milliseconds(1)));
  }
}

dslab::metrics::Histogram BankClients::take_window() { return std::exchange(window_, {}); }

std::string BankClients::check_linearizable(std::chrono::seconds budget) const {
  dslab::lincheck::History<BankModel> history;
  for (const Record& r : history_) {
    std::optional<BankModel::Output> out;
    if (r.result) out = BankModel::Output{.ok = r.result->ok, .balance = r.result->balance};
    history.push_back({.client = r.client, .input = to_model(r.op), .output = out, .call = r.call,
                       .ret = r.result ? r.ret : dslab::lincheck::kNever});
  }
  dslab::lincheck::Options options;
  options.partition = true;
  options.budget = budget;
  const auto result = dslab::lincheck::check(BankModel{}, history, options);
  if (result.verdict == dslab::lincheck::Verdict::kLinearizable) return "";
  if (result.verdict == dslab::lincheck::Verdict::kUnknown) {
    return fmt::format("the linearizability check of {} operations ran out of its {} s budget",
                       history.size(), budget.count());
  }
  std::string text = "the client history is not linearizable: " + result.reason;
  if (result.explanation) text += "\n" + result.explanation->to_text("  ");
  return text;
}

}  // namespace lab5::real
