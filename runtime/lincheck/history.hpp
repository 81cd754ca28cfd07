// Histories for the linearizability checker: operations with call/return times and outcomes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace dslab::lincheck {

/// A point in time of a history. Any monotonic integer clock works (virtual microseconds from
/// the simulator, or the line number of a log); only the order of times matters.
using Time = std::int64_t;

/// The return time of an operation that never returned (or whose outcome is unknown).
inline constexpr Time kNever = std::numeric_limits<Time>::max();

/// One operation of a history, as seen by the client that issued it.
///
/// `output` is empty when the outcome is unknown (the call timed out, the client crashed, or the
/// history ended first): such an operation may or may not have taken effect, at any time after
/// its call. The checker therefore treats its return time as `kNever`, whatever `ret` says
/// (`ret` is kept for display only).
template <class Input, class Output>
struct Operation {
  int client = 0;                ///< the client (process) that issued it; for display only
  Input input{};                 ///< what was asked
  std::optional<Output> output;  ///< what was answered; empty = unknown outcome
  Time call = 0;                 ///< when it was invoked
  Time ret = kNever;             ///< when it returned; >= call, or kNever

  /// True when the outcome is known (the operation returned an answer).
  bool known() const { return output.has_value(); }
};

/// A history for model `M`: its operations, in any order (the checker sorts by time).
template <class M>
using History = std::vector<Operation<typename M::Input, typename M::Output>>;

/// The operation type of model `M`.
template <class M>
using OperationOf = Operation<typename M::Input, typename M::Output>;

}  // namespace dslab::lincheck
