// DSLAB_STATE: the one declaration per message or state type that gives it a wire codec,
// equality, a stable hash and a JSON/text view (see wire.hpp, hash.hpp, view.hpp).
#pragma once

#include <concepts>
#include <string_view>
#include <tuple>

namespace dslab::codec {

/// The codec's key to a described type's fields; a friend of every DSLAB_STATE type, so the
/// macro works in private sections too.
struct Access {
  /// True for DSLAB_STATE types. Evaluated here, inside the friend, so private declarations count.
  template <class T>
  static constexpr bool kDescribed = requires(const T& value) {
    T::dslab_type_name();
    value.dslab_fields();
  };
  template <class T>
  static auto fields(const T& value) noexcept {
    return value.dslab_fields();
  }
  template <class T>
  static auto fields(T& value) noexcept {
    return value.dslab_fields();
  }
  template <class T>
  static constexpr std::string_view field_names() noexcept {
    return T::dslab_field_names();
  }
  template <class T>
  static constexpr std::string_view type_name() noexcept {
    return T::dslab_type_name();
  }
};

/// A type declared with DSLAB_STATE.
template <class T>
concept Described = Access::kDescribed<T>;

}  // namespace dslab::codec

/// Declares the state of a message, timer, output or node type, once:
///
///     struct Prepare { Round round; DSLAB_STATE(Prepare, round) };
///     class Acceptor { ... Round promised_; std::optional<Proposal> accepted_;
///                      DSLAB_STATE(Acceptor, promised_, accepted_) };
///
/// The type gets operator== over the listed fields (so list every field that matters: a field
/// left out is invisible to equality, hashing, snapshots and crash-restart), and the codec
/// functions (encode/decode, hash, to_json, to_text) accept it. It may appear anywhere in the
/// class body and does not change the access of the members that follow it. Field order is the
/// wire order. An empty state is written DSLAB_STATE(Type).
#define DSLAB_STATE(Type, ...)                                                              \
  friend struct ::dslab::codec::Access;                                                     \
  auto dslab_fields() const noexcept { return std::tie(__VA_ARGS__); }                      \
  auto dslab_fields() noexcept { return std::tie(__VA_ARGS__); }                            \
  static constexpr std::string_view dslab_field_names() noexcept { return #__VA_ARGS__; }   \
  static constexpr std::string_view dslab_type_name() noexcept { return #Type; }            \
  friend bool operator==(const Type& dslab_a, const Type& dslab_b) {                        \
    return dslab_a.dslab_fields() == dslab_b.dslab_fields();                                \
  }
