// Built-in model: a single register with read, write and compare-and-set (the etcd histories).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace dslab::lincheck {

/// A register of optional integers (empty = nil, never written), with read, write and
/// compare-and-set. Stateless apart from the initial value; usable from several threads.
class RegisterModel {
 public:
  /// The register's value; empty = nil.
  using Value = std::optional<std::int64_t>;
  using State = Value;

  struct Input {
    enum class Kind : std::uint8_t { kRead, kWrite, kCas };
    Kind kind = Kind::kRead;
    std::int64_t value = 0;  ///< write: the value; cas: the new value
    Value expected;          ///< cas: succeeds iff the register holds this
  };

  struct Output {
    Value value;      ///< read: the value seen
    bool ok = true;   ///< cas: whether it succeeded (write: always true)
  };

  explicit RegisterModel(Value initial = std::nullopt) : initial_(initial) {}

  State init() const { return initial_; }
  /// read: legal iff the output is the value held; write: sets it; cas: legal iff `ok` says
  /// whether the value equalled `expected`, and sets it then.
  bool step(const State& s, const Input& in, const std::optional<Output>& out, State& next) const;
  std::uint64_t hash(const State& s) const;
  /// Reads, and compare-and-sets known to have failed, never change the value.
  bool read_only(const Input& in, const std::optional<Output>& out) const {
    return in.kind == Input::Kind::kRead || (in.kind == Input::Kind::kCas && out && !out->ok);
  }
  bool equal(const State& a, const State& b) const { return a == b; }
  std::string describe(const Input& in, const std::optional<Output>& out) const;
  std::string describe(const State& s) const;

  /// Convenience constructors for hand-written histories.
  static Input read() { return {Input::Kind::kRead, 0, std::nullopt}; }
  static Input write(std::int64_t v) { return {Input::Kind::kWrite, v, std::nullopt}; }
  static Input cas(Value expected, std::int64_t v) { return {Input::Kind::kCas, v, expected}; }
  static Output returned(Value v) { return {v, true}; }
  static Output cas_result(bool ok) { return {std::nullopt, ok}; }

 private:
  Value initial_;
};

}  // namespace dslab::lincheck
