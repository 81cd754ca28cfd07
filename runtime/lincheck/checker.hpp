// The linearizability checker: checks a history against a model, per partition if asked.
#pragma once

#include <cstddef>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "runtime/lincheck/history.hpp"
#include "runtime/lincheck/model.hpp"
#include "runtime/lincheck/result.hpp"
#include "runtime/lincheck/search.hpp"

namespace dslab::lincheck {

namespace detail {

/// Throws std::invalid_argument if an operation that returned did so before it was called.
void validate_times(std::size_t index, int client, Time call, Time ret, bool known);

/// Groups operations that share a key (union-find over `keys[i]`, the keys of operation i).
/// Operations without keys form one group of their own. Groups are ordered by their first
/// operation; `labels` receives each group's keys, joined.
std::vector<std::vector<std::size_t>> group_by_keys(const std::vector<std::vector<std::string>>& keys,
                                                    std::vector<std::string>& labels);

}  // namespace detail

/// Checks whether `history` is linearizable with respect to `model`.
///
/// Pre: known operations have call <= ret (else std::invalid_argument naming the operation).
/// Post: kLinearizable only if a linearization was found for every partition; kNotLinearizable
/// with `explanation` set if some partition has none; kUnknown with `reason` if a budget in
/// `options` ran out first. Thread-compatible: concurrent calls on different histories are fine.
template <Model M>
Result check(const M& model, const History<M>& history, const Options& options = {}) {
  for (std::size_t i = 0; i < history.size(); ++i) {
    const auto& o = history[i];
    detail::validate_times(i, o.client, o.call, o.ret, o.known());
  }
  std::vector<std::vector<std::size_t>> groups;
  std::vector<std::string> labels;
  if constexpr (PartitionableModel<M>) {
    if (options.partition) {
      std::vector<std::vector<std::string>> keys;
      keys.reserve(history.size());
      for (const auto& o : history) keys.push_back(model.partition_keys(o.input));
      groups = detail::group_by_keys(keys, labels);
    }
  }
  if (groups.empty()) {
    groups.emplace_back(history.size());
    std::iota(groups.back().begin(), groups.back().end(), std::size_t{0});
    labels.emplace_back();
  }
  Result result;
  result.operations = history.size();
  result.partitions = groups.size();
  detail::Budget budget(options);
  // Partitions are searched in turns, with a step slice that doubles every round: like a
  // parallel search on one core, a violation is found as soon as the easiest refutation
  // completes, instead of after every partition before it.
  std::vector<std::unique_ptr<detail::Search<M>>> searches;  // null once linearizable
  for (const auto& group : groups) {
    std::vector<const OperationOf<M>*> ops;
    ops.reserve(group.size());
    for (std::size_t i : group) ops.push_back(&history[i]);
    searches.push_back(std::make_unique<detail::Search<M>>(model, std::move(ops), budget));
  }
  for (std::uint64_t slice = 4096, active = searches.size(); active > 0; slice *= 2) {
    for (std::size_t g = 0; g < searches.size(); ++g) {
      if (!searches[g]) continue;
      const std::optional<Verdict> v = searches[g]->run(active == 1 ? 0 : slice);
      result.steps = budget.steps();
      if (!v) continue;
      if (*v == Verdict::kNotLinearizable) {
        result.verdict = *v;
        result.explanation = searches[g]->explain();
        result.explanation->partition = labels[g];
        result.reason = labels[g].empty() ? "no linearization exists"
                                          : "no linearization exists for " + labels[g];
        return result;
      }
      if (*v == Verdict::kUnknown) {
        result.verdict = *v;
        result.reason = budget.reason();
        return result;
      }
      searches[g].reset();  // linearizable: free its memory now
      --active;
    }
  }
  result.verdict = Verdict::kLinearizable;
  return result;
}

}  // namespace dslab::lincheck
