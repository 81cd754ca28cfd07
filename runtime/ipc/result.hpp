// runtime/ipc/result.hpp: deadlines, failure kinds and the Result of one parent->child call.
#pragma once

#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace dslab::ipc {

/// The clock every ipc deadline is measured on (monotonic; never the wall clock).
using Clock = std::chrono::steady_clock;

/// An absolute point in time after which a call gives up with FailureKind::Timeout.
using Deadline = Clock::time_point;

/// A deadline `timeout` from now.
inline Deadline deadline_in(Clock::duration timeout) { return Clock::now() + timeout; }

/// Why a call did not produce a response.
enum class FailureKind {
  ChildExited,  ///< the child process is gone (exit code or signal in the detail)
  Timeout,      ///< no response before the deadline
  Protocol,     ///< the child wrote something impossible in the shared region
  TooLarge,     ///< the request does not fit the request area (nothing was sent)
  Closed,       ///< the channel was closed by the parent
};

/// "ChildExited", "Timeout", ...
std::string_view to_string(FailureKind kind);

/// A failed call: a machine-readable kind and a human-readable detail.
struct Failure {
  FailureKind kind;
  std::string detail;

  /// "<kind>: <detail>", for logs and error messages.
  std::string describe() const;
};

/// The outcome of Channel::call: the response bytes or a Failure.
/// The bytes point into a buffer owned by the channel; they stay valid until the next call on
/// the same channel (or its destruction). Copy them if you need them longer.
class Result {
 public:
  /// A successful result viewing `bytes` (not copied).
  static Result success(std::span<const std::byte> bytes) { return Result(bytes); }
  /// A failed result.
  static Result failure(Failure failure) { return Result(std::move(failure)); }

  /// True when the call produced a response.
  bool ok() const { return std::holds_alternative<std::span<const std::byte>>(value_); }
  explicit operator bool() const { return ok(); }

  /// The response. Throws std::logic_error when !ok().
  std::span<const std::byte> bytes() const;
  /// The failure. Throws std::logic_error when ok().
  const Failure& failure() const;

 private:
  explicit Result(std::span<const std::byte> bytes) : value_(bytes) {}
  explicit Result(Failure failure) : value_(std::move(failure)) {}

  std::variant<std::span<const std::byte>, Failure> value_;
};

}  // namespace dslab::ipc
