// The model interface of the linearizability checker: a sequential specification of an object.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dslab::lincheck {

/// A sequential specification the checker can test a concurrent history against.
///
/// A model is a const object (it may hold configuration such as initial values) with:
/// - `State`, `Input`, `Output`: copyable value types. `State` needs no operator==; the
///   model's `equal` and `hash` are what the checker uses. Small trivially-copyable states
///   (an integer, a pair) are used directly by the search; larger ones (maps, strings) are
///   interned by the search (equal states share a 32-bit id).
/// - `init()`: the state before any operation.
/// - `step(state, input, output, next)`: applies `input` to `state`. With a known `output`,
///   returns false if `output` is not a possible answer of `input` in `state`; otherwise writes
///   the state after the operation to `next` and returns true. With an unknown output
///   (`std::nullopt`) it must return true (models are total: every input has some answer in
///   every state) and write the state the operation leads to. Must be deterministic.
/// - `hash(state)`, `equal(a, b)`: consistent with each other (equal states hash equally).
/// - `describe(input, output)` and `describe(state)`: short human-readable text, for
///   explanations of violations (e.g. "cas(1, 2) -> ok", "{x: 3}").
/// Optional:
/// - `partition_keys(input)`: the objects (keys, accounts) an operation touches. With
///   `Options::partition`, operations are grouped so that operations sharing a key land in the
///   same group (connected components), and each group is checked on its own
///   (P-compositionality). Only valid when the model's objects are independent, as for a
///   key-value store partitioned by key.
/// - `read_only(input, output)`: true only if, in every state where the operation with this
///   output is legal, it leaves the state unchanged (a read, a failed compare-and-set, a
///   rejected withdraw). The search then linearizes such an operation as soon as it can and
///   never tries alternatives to that choice: placing it early is always at least as good.
///   Answering false is always safe.
/// - `resets(input)`, `may_enable(reset, input, output)` and `reachable(state, input, output)`,
///   together, let the search abandon hopeless configurations early. `resets` is true for
///   operations that may undo what others did (a kv put); the others are "monotone".
///   `reachable` returns false only if no sequence of monotone operations, starting in `state`,
///   leads to a state where `input` may answer `output` (kv: the value is not a prefix of what a
///   get returned). `may_enable(r, in, out)` returns false only if the resetting operation `r`
///   can never turn an unreachable (`in`, `out`) into a reachable one (kv: a put to another
///   key, or of a value that is not a prefix of the get's answer). A pending operation with a
///   known output that is unreachable, when every resetting operation that may enable it is
///   already linearized, can never take effect: the configuration fails. Answering true is
///   always safe; a false must be a proof.
template <class M>
concept Model = requires(const M& m, const typename M::State& s, typename M::State& next,
                         const typename M::Input& in,
                         const std::optional<typename M::Output>& out) {
  { m.init() } -> std::same_as<typename M::State>;
  { m.step(s, in, out, next) } -> std::same_as<bool>;
  { m.hash(s) } -> std::convertible_to<std::uint64_t>;
  { m.equal(s, s) } -> std::same_as<bool>;
  { m.describe(in, out) } -> std::convertible_to<std::string>;
  { m.describe(s) } -> std::convertible_to<std::string>;
};

/// A model that can split a history into independent parts (see `Model`).
template <class M>
concept PartitionableModel = Model<M> && requires(const M& m, const typename M::Input& in) {
  { m.partition_keys(in) } -> std::same_as<std::vector<std::string>>;
};

/// A model that can tell read-only operations (see `Model`).
template <class M>
concept ReadOnlyAwareModel = Model<M> && requires(const M& m, const typename M::Input& in,
                                                  const std::optional<typename M::Output>& out) {
  { m.read_only(in, out) } -> std::same_as<bool>;
};

/// A model that can tell when an operation can never become legal (see `Model`).
template <class M>
concept ReachabilityAwareModel =
    Model<M> && requires(const M& m, const typename M::State& s, const typename M::Input& in,
                         const typename M::Output& out) {
      { m.resets(in) } -> std::same_as<bool>;
      { m.may_enable(in, in, out) } -> std::same_as<bool>;
      { m.reachable(s, in, out) } -> std::same_as<bool>;
    };

}  // namespace dslab::lincheck
