// Built-in model: a key-value store of strings with get, put and append (the kv histories).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dslab::lincheck {

/// A map from string keys to string values; a missing key reads as "". Strings are interned in
/// a pool shared by copies of the model, so a state is a short sorted list of
/// (key id, value id) pairs. Not thread-safe (the pool grows during a check); use one model
/// per thread.
class KvModel {
 public:
  struct Input {
    enum class Kind : std::uint8_t { kGet, kPut, kAppend };
    Kind kind = Kind::kGet;
    std::string key;
    std::string value;  ///< put: the new value; append: the suffix
  };

  struct Output {
    std::string value;  ///< get: the value read ("" for a missing key); ignored otherwise
  };

  /// (key id, value id) pairs sorted by key id; keys holding "" are left out, so equal maps
  /// have equal states.
  using State = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

  /// `initial` gives keys that exist before the first operation.
  explicit KvModel(const std::map<std::string, std::string>& initial = {});

  State init() const { return initial_; }
  /// get: legal iff the output is the current value; put sets it; append concatenates.
  bool step(const State& s, const Input& in, const std::optional<Output>& out, State& next) const;
  std::uint64_t hash(const State& s) const;
  /// Gets never change the map.
  bool read_only(const Input& in, const std::optional<Output>&) const {
    return in.kind == Input::Kind::kGet;
  }
  bool equal(const State& a, const State& b) const { return a == b; }
  /// Puts may shorten a value; gets and appends only ever extend it.
  bool resets(const Input& in) const { return in.kind == Input::Kind::kPut; }
  /// False iff `reset` cannot help get `in` read `out`: a put to another key, or of a value that
  /// is not a prefix of `out` (appends after it could never make the get legal).
  bool may_enable(const Input& reset, const Input& in, const Output& out) const {
    return reset.kind != Input::Kind::kPut ||
           (in.kind == Input::Kind::kGet && in.key == reset.key &&
            out.value.compare(0, reset.value.size(), reset.value) == 0);
  }
  /// False iff `in` is a get whose answer can never be read by appending to the current value
  /// (the value is not a prefix of the answer). Cost: O(chunks in the value).
  bool reachable(const State& s, const Input& in, const Output& out) const;
  /// Operations are independent per key.
  std::vector<std::string> partition_keys(const Input& in) const { return {in.key}; }
  std::string describe(const Input& in, const std::optional<Output>& out) const;
  std::string describe(const State& s) const;

  static Input get(std::string key) { return {Input::Kind::kGet, std::move(key), {}}; }
  static Input put(std::string key, std::string v) {
    return {Input::Kind::kPut, std::move(key), std::move(v)};
  }
  static Input append(std::string key, std::string v) {
    return {Input::Kind::kAppend, std::move(key), std::move(v)};
  }

 private:
  struct Pool;
  static void set(State& s, std::uint32_t key, std::uint32_t value);
  std::shared_ptr<Pool> pool_;
  State initial_;
};

}  // namespace dslab::lincheck
