// Turns invoke/complete events of a history file into operations (shared by all file formats).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "runtime/lincheck/formats.hpp"
#include "runtime/lincheck/history.hpp"

namespace dslab::lincheck::detail {

/// Matches completions to invocations by a per-file key (the process, or the operation id).
/// Errors throw InputError naming the file and line. Not thread-safe.
template <class M>
class Assembler {
 public:
  using Op = OperationOf<M>;
  explicit Assembler(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(std::size_t line, const std::string& message) const {
    throw InputError(file_, line, message);
  }

  /// Starts an operation. Pre: no operation with `key` is open.
  void invoke(std::size_t line, std::int64_t key, int client, typename M::Input input, Time t) {
    auto [it, fresh] = open_.emplace(key, Open{line, history_.size()});
    if (!fresh) {
      fail(line, "invoke while operation from line " + std::to_string(it->second.line) +
                     " of the same client/id is still open");
    }
    Op op;
    op.client = client;
    op.input = std::move(input);
    op.call = t;
    history_.push_back(std::move(op));
  }

  /// The open operation with `key`; fails (naming `line`) if there is none.
  const Op& pending(std::size_t line, std::int64_t key) const {
    auto it = open_.find(key);
    if (it == open_.end()) fail(line, "completion without a matching invoke");
    return history_[it->second.index];
  }

  /// Completes the open operation `key` with a known output at time `t` (>= its call).
  void ok(std::size_t line, std::int64_t key, typename M::Output output, Time t) {
    Op& op = history_[take(line, key)];
    if (t < op.call) fail(line, "completion time is before the invoke time");
    op.output = std::move(output);
    op.ret = t;
  }

  /// The open operation `key` has an unknown outcome: it may or may not take effect.
  void unknown(std::size_t line, std::int64_t key) { take(line, key); }

  /// The open operation `key` definitely did not take effect: it is dropped.
  void failed(std::size_t line, std::int64_t key) { dropped_.push_back(take(line, key)); }

  /// The operations; those still open have an unknown outcome.
  History<M> finish() {
    if (dropped_.empty()) return std::move(history_);
    std::vector<bool> drop(history_.size(), false);
    for (std::size_t i : dropped_) drop[i] = true;
    History<M> kept;
    for (std::size_t i = 0; i < history_.size(); ++i) {
      if (!drop[i]) kept.push_back(std::move(history_[i]));
    }
    return kept;
  }

 private:
  struct Open {
    std::size_t line;
    std::size_t index;
  };
  std::size_t take(std::size_t line, std::int64_t key) {
    auto it = open_.find(key);
    if (it == open_.end()) fail(line, "completion without a matching invoke");
    const std::size_t index = it->second.index;
    open_.erase(it);
    return index;
  }
  std::string file_;
  History<M> history_;
  std::unordered_map<std::int64_t, Open> open_;
  std::vector<std::size_t> dropped_;
};

}  // namespace dslab::lincheck::detail
