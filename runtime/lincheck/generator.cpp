// Synthetic histories: clients run against a real object, each operation taking effect at a
// random instant inside its interval; mutations that make a history impossible.
#include "runtime/lincheck/generator.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/random/random.hpp"

namespace dslab::lincheck {

namespace {

/// When one operation happens, and whether it is recorded and takes effect.
struct Slot {
  int client = 0;
  Time call = 0;
  Time at = 0;  // the instant it takes effect
  Time ret = 0;
  bool unknown = false;
  bool takes_effect = true;
};

std::vector<Slot> timeline(const GeneratorOptions& o, random::Rng& rng) {
  if (o.clients == 0 || o.keys == 0 || o.max_latency < 1 || o.unknown_percent > 100) {
    throw std::invalid_argument(
        "generator: need clients >= 1, keys >= 1, max_latency >= 1, unknown_percent <= 100");
  }
  std::vector<Time> next_call(o.clients, 0);
  std::vector<Slot> slots;
  for (std::size_t i = 0; i < o.operations; ++i) {
    const auto c = static_cast<std::size_t>(
        std::min_element(next_call.begin(), next_call.end()) - next_call.begin());
    Slot s;
    s.client = static_cast<int>(c);
    s.call = next_call[c];
    s.ret = s.call + rng.between(1, o.max_latency);
    s.at = rng.between(s.call, s.ret);
    s.unknown = rng.below(100) < o.unknown_percent;
    s.takes_effect = !s.unknown || rng.chance({1, 2});
    next_call[c] = s.ret + rng.between(1, 3);
    slots.push_back(s);
  }
  return slots;
}

/// Indices of the slots that take effect, in the order they take effect.
std::vector<std::size_t> effect_order(const std::vector<Slot>& slots) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (slots[i].takes_effect) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return slots[a].at < slots[b].at; });
  return order;
}

/// Copies times and clients into `history` and forgets the outputs of unknown operations.
template <class Op>
void finish(const std::vector<Slot>& slots, std::vector<Op>& history) {
  for (std::size_t i = 0; i < slots.size(); ++i) {
    history[i].client = slots[i].client;
    history[i].call = slots[i].call;
    history[i].ret = slots[i].unknown ? kNever : slots[i].ret;
    if (slots[i].unknown) history[i].output.reset();
  }
}

std::string account(std::size_t k) { return "a" + std::to_string(k); }

}  // namespace

History<RegisterModel> generate_register(const GeneratorOptions& o) {
  random::Rng rng(o.seed);
  const auto slots = timeline(o, rng);
  History<RegisterModel> h(slots.size());
  for (auto& op : h) {
    const auto roll = rng.below(100);
    if (roll < 40) {
      op.input = RegisterModel::read();
    } else if (roll < 75) {
      op.input = RegisterModel::write(rng.between(0, 4));
    } else {
      RegisterModel::Value expected;
      if (!rng.chance({1, 8})) expected = rng.between(0, 4);
      op.input = RegisterModel::cas(expected, rng.between(0, 4));
    }
    op.output = RegisterModel::Output{};
  }
  RegisterModel::Value value;
  for (std::size_t i : effect_order(slots)) {
    const auto& in = h[i].input;
    if (in.kind == RegisterModel::Input::Kind::kRead) {
      h[i].output = RegisterModel::returned(value);
    } else if (in.kind == RegisterModel::Input::Kind::kWrite) {
      value = in.value;
    } else {
      h[i].output = RegisterModel::cas_result(value == in.expected);
      if (value == in.expected) value = in.value;
    }
  }
  finish(slots, h);
  return h;
}

History<KvModel> generate_kv(const GeneratorOptions& o) {
  random::Rng rng(o.seed);
  const auto slots = timeline(o, rng);
  History<KvModel> h(slots.size());
  for (std::size_t i = 0; i < h.size(); ++i) {
    const std::string key = "k" + std::to_string(rng.below(o.keys));
    const auto roll = rng.below(100);
    if (roll < 40) {
      h[i].input = KvModel::get(key);
    } else if (roll < 60) {
      h[i].input = KvModel::put(key, "p" + std::to_string(i) + ";");
    } else {
      h[i].input = KvModel::append(key, "c" + std::to_string(slots[i].client) + "." +
                                            std::to_string(i) + ";");
    }
    h[i].output = KvModel::Output{};
  }
  std::map<std::string, std::string> store;
  for (std::size_t i : effect_order(slots)) {
    const auto& in = h[i].input;
    switch (in.kind) {
      case KvModel::Input::Kind::kGet:
        h[i].output = KvModel::Output{store[in.key]};
        break;
      case KvModel::Input::Kind::kPut:
        store[in.key] = in.value;
        break;
      case KvModel::Input::Kind::kAppend:
        store[in.key] += in.value;
        break;
    }
  }
  finish(slots, h);
  return h;
}

Parsed<BankModel> generate_bank(const GeneratorOptions& o) {
  random::Rng rng(o.seed);
  const auto slots = timeline(o, rng);
  std::map<std::string, std::int64_t> balances;
  for (std::size_t k = 0; k < o.keys; ++k) balances[account(k)] = 100;
  Parsed<BankModel> out{BankModel(balances), History<BankModel>(slots.size())};
  auto& h = out.history;
  for (auto& op : h) {
    const std::string a = account(rng.below(o.keys));
    const auto roll = rng.below(100);
    if (roll < 20) {
      op.input = BankModel::deposit(a, rng.between(1, 50));
    } else if (roll < 45) {
      op.input = BankModel::withdraw(a, rng.between(1, 80));
    } else if (roll < 80 || o.keys < 2) {
      op.input = BankModel::balance(a);
    } else {
      std::string to = account(rng.below(o.keys - 1));
      if (to == a) to = account(o.keys - 1);
      op.input = BankModel::transfer(a, to, rng.between(1, 80));
    }
    op.output = BankModel::Output{};
  }
  for (std::size_t i : effect_order(slots)) {
    const auto& in = h[i].input;
    auto& out_op = *h[i].output;
    switch (in.kind) {
      case BankModel::Input::Kind::kDeposit:
        balances[in.account] += in.amount;
        break;
      case BankModel::Input::Kind::kBalance:
        out_op.balance = balances[in.account];
        break;
      case BankModel::Input::Kind::kWithdraw:
      case BankModel::Input::Kind::kTransfer:
        out_op.ok = balances[in.account] >= in.amount;
        if (out_op.ok) {
          balances[in.account] -= in.amount;
          if (in.kind == BankModel::Input::Kind::kTransfer) balances[in.to] += in.amount;
        }
        break;
    }
  }
  finish(slots, h);
  return out;
}

namespace {

/// Picks a known operation satisfying `is_read`, or appends `fresh` after everything else.
template <class Op, class IsRead>
std::size_t pick_read(std::vector<Op>& h, std::uint64_t seed, IsRead is_read, Op fresh) {
  std::vector<std::size_t> reads;
  Time last = 0;
  for (std::size_t i = 0; i < h.size(); ++i) {
    if (h[i].known() && is_read(h[i].input)) reads.push_back(i);
    last = std::max(last, h[i].known() ? h[i].ret : h[i].call);
  }
  if (!reads.empty()) {
    random::Rng rng(seed);
    return reads[rng.below(reads.size())];
  }
  fresh.call = last + 1;
  fresh.ret = last + 2;
  h.push_back(std::move(fresh));
  return h.size() - 1;
}

}  // namespace

std::size_t corrupt(History<RegisterModel>& h, std::uint64_t seed) {
  std::int64_t never = 0;  // larger than every value the history mentions
  for (const auto& op : h) {
    never = std::max({never, op.input.value, op.input.expected.value_or(0),
                      op.output && op.output->value ? *op.output->value : 0});
  }
  OperationOf<RegisterModel> fresh;
  fresh.input = RegisterModel::read();
  fresh.output = RegisterModel::Output{};
  const std::size_t i = pick_read(
      h, seed, [](const auto& in) { return in.kind == RegisterModel::Input::Kind::kRead; }, fresh);
  h[i].output = RegisterModel::returned(never + 1);
  return i;
}

std::size_t corrupt(History<KvModel>& h, std::uint64_t seed) {
  OperationOf<KvModel> fresh;
  fresh.input = KvModel::get(h.empty() ? "k0" : h.front().input.key);
  fresh.output = KvModel::Output{};
  const std::size_t i = pick_read(
      h, seed, [](const auto& in) { return in.kind == KvModel::Input::Kind::kGet; }, fresh);
  h[i].output->value += "\x01never-appended";
  return i;
}

std::size_t corrupt(History<BankModel>& h, std::uint64_t seed) {
  OperationOf<BankModel> fresh;
  fresh.input = BankModel::balance(h.empty() ? "a0" : h.front().input.account);
  fresh.output = BankModel::Output{};
  const std::size_t i = pick_read(
      h, seed, [](const auto& in) { return in.kind == BankModel::Input::Kind::kBalance; }, fresh);
  h[i].output->balance = -1;
  return i;
}

}  // namespace dslab::lincheck
