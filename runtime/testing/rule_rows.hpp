// Table tests of a lab's local-rule checker (e.g. lab 4's log_rules_test.cpp): each row a
// hand-made sequence of handler calls with their effects, fed to a fresh checker, and the rule
// it must break (or none: the sequence is legal). The step builders (a message, a timer, a
// restart) are the lab's, over its protocol.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/testing/observed_engine.hpp"

namespace dslab::labkit {

/// One handler call of `node`; `restart` first crashes and re-creates it (kind is then kStart).
template <node::Protocol P>
struct RuleStep {
  NodeId node = 1;
  CallKind kind = CallKind::kMessage;
  NodeId from = kEnvironment;
  std::optional<typename P::Message> msg = {};
  std::vector<node::Effect<P>> effects = {};
  bool restart = false;
};

/// A sequence and its verdict.
template <node::Protocol P, class Rule>
struct RuleRow {
  const char* what = "";
  std::vector<RuleStep<P>> steps = {};
  std::optional<Rule> broken = {};  ///< nothing: the sequence is legal
};

/// The parts one after the other.
template <class T>
std::vector<T> concat(std::initializer_list<std::vector<T>> parts) {
  std::vector<T> out;
  for (auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

/// Feeds every row to a fresh checker from `make()` (created(n) at a restart, handled() per
/// step, one second apart) and expects `violated()` to be the row's rule, printing the row and
/// the checker's message otherwise.
template <node::Protocol P, class Rule, class Make>
void run_rule_rows(const std::vector<RuleRow<P, Rule>>& rows, Make make) {
  for (const RuleRow<P, Rule>& row : rows) {
    auto rules = make();
    Time t = 0;
    for (const RuleStep<P>& step : row.steps) {
      if (step.restart) rules.created(step.node);
      const HandlerCall<P> call{.node = step.node,
                                .now = t += 1000,
                                .kind = step.kind,
                                .from = step.from,
                                .msg = step.msg ? &*step.msg : nullptr,
                                .effects = step.effects};
      rules.handled(call);
    }
    EXPECT_EQ(rules.violated(), row.broken)
        << row.what << "\n  " << rules.violation().value_or("no violation");
  }
}

}  // namespace dslab::labkit
