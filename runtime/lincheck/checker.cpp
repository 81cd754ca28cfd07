// Non-template parts of the checker: budgets, partition grouping, verdict and explanation text.
#include "runtime/lincheck/checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace dslab::lincheck {

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kLinearizable:
      return "linearizable";
    case Verdict::kNotLinearizable:
      return "not linearizable";
    case Verdict::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string Explanation::to_text(std::string_view indent) const {
  std::string out;
  auto line = [&](const std::string& text) { out += fmt::format("{}{}\n", indent, text); };
  line(fmt::format("{}{} operations; a longest linearizable prefix has {}:",
                   partition.empty() ? "" : partition + ": ", partition_ops, prefix.size()));
  for (std::size_t i = 0; i < prefix.size(); ++i) line(fmt::format("  {:>4}. {}", i + 1, prefix[i]));
  line(fmt::format("possible state{} after a prefix that long: {}{}", states.size() == 1 ? "" : "s",
                   fmt::join(states, " | "), states_truncated ? " | ..." : ""));
  line(blocked.size() == 1 ? "this operation cannot be placed next (it returned before any order "
                             "of the pending operations lets it take effect):"
                           : "none of these operations can be placed next:");
  for (const auto& b : blocked) line("        " + b);
  if (!pending.empty()) {
    line("other operations pending at that point:");
    for (const auto& p : pending) line("        " + p);
  }
  return out;
}

namespace detail {

Budget::Budget(const Options& options)
    : budget_(options.budget), max_steps_(options.max_steps), max_bytes_(options.max_cache_bytes) {
  if (budget_) deadline_ = std::chrono::steady_clock::now() + *budget_;
}

bool Budget::exhaust_steps() {
  reason_ = fmt::format("step budget of {} search steps exhausted", max_steps_);
  return false;
}

bool Budget::check_slow(std::size_t bytes) {
  if (deadline_ && std::chrono::steady_clock::now() >= *deadline_) {
    reason_ = fmt::format("time budget of {:.3g} s exhausted after {} search steps",
                          std::chrono::duration<double>(*budget_).count(), steps_);
    return false;
  }
  if (max_bytes_ != 0 && bytes > max_bytes_) {
    reason_ = fmt::format("memory budget of {} MiB exhausted after {} search steps",
                          max_bytes_ >> 20, steps_);
    return false;
  }
  return true;
}

std::string describe_operation(int client, const std::string& what, Time call, Time ret,
                               bool known) {
  if (!known) {
    return fmt::format("client {}: {}  [called t={}, outcome unknown]", client, what, call);
  }
  return fmt::format("client {}: {}  [t={}..{}]", client, what, call, ret);
}

void validate_times(std::size_t index, int client, Time call, Time ret, bool known) {
  if (known && ret < call) {
    throw std::invalid_argument(fmt::format(
        "operation #{} (client {}) returns at t={} before its call at t={}", index, client, ret,
        call));
  }
}

namespace {
std::size_t find_root(std::vector<std::size_t>& parent, std::size_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}
}  // namespace

std::vector<std::vector<std::size_t>> group_by_keys(const std::vector<std::vector<std::string>>& keys,
                                                    std::vector<std::string>& labels) {
  const std::size_t n = keys.size();
  std::vector<std::size_t> parent(n + 1);  // n = the group of keyless operations
  for (std::size_t i = 0; i <= n; ++i) parent[i] = i;
  std::unordered_map<std::string, std::size_t> owner;  // key -> first operation touching it
  for (std::size_t i = 0; i < n; ++i) {
    if (keys[i].empty()) parent[find_root(parent, i)] = find_root(parent, n);
    for (const auto& k : keys[i]) {
      auto [it, fresh] = owner.emplace(k, i);
      if (!fresh) parent[find_root(parent, i)] = find_root(parent, it->second);
    }
  }
  std::vector<std::vector<std::size_t>> groups;
  std::vector<std::vector<std::string>> group_keys;
  std::unordered_map<std::size_t, std::size_t> index;  // root -> group
  for (std::size_t i = 0; i < n; ++i) {
    auto [it, fresh] = index.emplace(find_root(parent, i), groups.size());
    if (fresh) {
      groups.emplace_back();
      group_keys.emplace_back();
    }
    groups[it->second].push_back(i);
    for (const auto& k : keys[i]) {
      auto& gk = group_keys[it->second];
      if (std::find(gk.begin(), gk.end(), k) == gk.end()) gk.push_back(k);
    }
  }
  labels.clear();
  for (auto& gk : group_keys) {
    constexpr std::size_t kShown = 6;
    if (gk.empty()) {
      labels.emplace_back("partition of operations without keys");
      continue;
    }
    std::vector<std::string> shown(gk.begin(), gk.begin() + std::min(gk.size(), kShown));
    labels.push_back(fmt::format("partition {{{}{}}}", fmt::join(shown, ", "),
                                 gk.size() > kShown ? ", ..." : ""));
  }
  return groups;
}

}  // namespace detail
}  // namespace dslab::lincheck
