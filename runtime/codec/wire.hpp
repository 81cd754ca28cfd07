// Binary wire codec for DSLAB_STATE types and the standard types they are built from.
// Little-endian fixed-width integers, u32 lengths, u32 variant indices. Decoding never trusts
// its input: every length and tag is checked and a malformed buffer raises DecodeError.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/codec/state.hpp"

namespace dslab::codec {

using Bytes = std::vector<std::byte>;

/// Raised by decode() on malformed input; what() says what was wrong and at which offset.
class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Appends bytes to a vector. Not thread-safe.
class ByteSink {
 public:
  explicit ByteSink(Bytes& out) : out_(out) {}
  void write(const void* data, std::size_t size) {
    if (size == 0) return;
    const std::size_t old = out_.size();
    out_.resize(old + size);
    std::memcpy(out_.data() + old, data, size);
  }

 private:
  Bytes& out_;
};

/// Reads from a byte span with bounds checks. Not thread-safe.
class Reader {
 public:
  explicit Reader(std::span<const std::byte> in) : in_(in) {}
  /// Copies `size` bytes out; throws DecodeError if fewer remain.
  void read(void* data, std::size_t size, const char* what);
  std::size_t remaining() const { return in_.size() - pos_; }
  std::size_t offset() const { return pos_; }
  [[noreturn]] void fail(const std::string& problem) const;

 private:
  std::span<const std::byte> in_;
  std::size_t pos_ = 0;
};

/// The most elements a container of zero-size elements may claim (guards against a tiny
/// buffer that asks for billions of empty structs).
inline constexpr std::uint32_t kMaxEmptyElements = 1u << 16;

template <class T>
struct IsUnordered : std::false_type {};
template <class K, class V, class H, class E, class A>
struct IsUnordered<std::unordered_map<K, V, H, E, A>> : std::true_type {};
template <class K, class H, class E, class A>
struct IsUnordered<std::unordered_set<K, H, E, A>> : std::true_type {};

template <class T>
struct IsVector : std::false_type {};
template <class T, class A>
struct IsVector<std::vector<T, A>> : std::true_type {};
template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <class T>
struct IsVariant : std::false_type {};
template <class... Ts>
struct IsVariant<std::variant<Ts...>> : std::true_type {};
template <class T>
struct IsMapOrSet : std::false_type {};
template <class K, class V, class C, class A>
struct IsMapOrSet<std::map<K, V, C, A>> : std::true_type {};
template <class K, class C, class A>
struct IsMapOrSet<std::set<K, C, A>> : std::true_type {};
/// What a map or set element decodes into before insertion (keys without const).
template <class T>
struct StoredElement;
template <class K, class V, class C, class A>
struct StoredElement<std::map<K, V, C, A>> {
  using type = std::pair<K, V>;
  static const K& last_key(const std::map<K, V, C, A>& m) { return std::prev(m.end())->first; }
};
template <class K, class C, class A>
struct StoredElement<std::set<K, C, A>> {
  using type = K;
  static const K& last_key(const std::set<K, C, A>& s) { return *std::prev(s.end()); }
};

template <class T>
struct IsTupleLike : std::false_type {};
template <class A, class B>
struct IsTupleLike<std::pair<A, B>> : std::true_type {};
template <class... Ts>
struct IsTupleLike<std::tuple<Ts...>> : std::true_type {};
template <class T>
struct IsArray : std::false_type {};
template <class T, std::size_t N>
struct IsArray<std::array<T, N>> : std::true_type {};

// ---- encoding ---------------------------------------------------------------------------

template <class Sink, class T>
void write_value(Sink& sink, const T& value);

template <class Sink>
void write_u32(Sink& sink, std::uint32_t v) {
  std::array<unsigned char, 4> b{};
  for (int i = 0; i < 4; ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
  sink.write(b.data(), b.size());
}

template <class Sink, class T>
void write_integer(Sink& sink, T value) {
  using U = std::make_unsigned_t<T>;
  auto u = static_cast<U>(value);
  std::array<unsigned char, sizeof(T)> b{};
  for (std::size_t i = 0; i < sizeof(T); ++i) b[i] = static_cast<unsigned char>(u >> (8 * i));
  sink.write(b.data(), b.size());
}

template <class Sink>
void write_length(Sink& sink, std::size_t n) {
  if (n > 0xffffffffu) throw std::length_error("dslab codec: container too large to encode");
  write_u32(sink, static_cast<std::uint32_t>(n));
}

template <class Sink, class T>
void write_value(Sink& sink, const T& value) {
  static_assert(!IsUnordered<T>::value,
                "dslab codec: unordered containers iterate in an unspecified order, which breaks "
                "determinism and stable hashes; use std::map / std::set");
  if constexpr (std::is_same_v<T, bool>) {
    const unsigned char b = value ? 1 : 0;
    sink.write(&b, 1);
  } else if constexpr (std::is_enum_v<T>) {
    write_integer(sink, static_cast<std::underlying_type_t<T>>(value));
  } else if constexpr (std::is_integral_v<T>) {
    write_integer(sink, value);
  } else if constexpr (std::is_same_v<T, double>) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    write_integer(sink, bits);
  } else if constexpr (std::is_same_v<T, std::string>) {
    write_length(sink, value.size());
    sink.write(value.data(), value.size());
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    // nothing to write
  } else if constexpr (IsOptional<T>::value) {
    write_value(sink, value.has_value());
    if (value) write_value(sink, *value);
  } else if constexpr (IsVariant<T>::value) {
    write_u32(sink, static_cast<std::uint32_t>(value.index()));
    std::visit([&](const auto& alt) { write_value(sink, alt); }, value);
  } else if constexpr (IsVector<T>::value || IsMapOrSet<T>::value) {
    write_length(sink, value.size());
    for (const auto& element : value) write_value(sink, element);
  } else if constexpr (IsArray<T>::value || IsTupleLike<T>::value) {
    std::apply([&](const auto&... parts) { (write_value(sink, parts), ...); }, value);
  } else if constexpr (Described<T>) {
    std::apply([&](const auto&... fields) { (write_value(sink, fields), ...); },
               Access::fields(value));
  } else {
    static_assert(sizeof(T) == 0, "dslab codec: type not supported; declare it with DSLAB_STATE");
  }
}

// ---- decoding ---------------------------------------------------------------------------

template <class T>
void read_value(Reader& in, T& value);

inline std::uint32_t read_u32(Reader& in, const char* what) {
  std::array<unsigned char, 4> b{};
  in.read(b.data(), 4, what);
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(b[i]) << (8 * i);
  return v;
}

template <class T>
T read_integer(Reader& in) {
  using U = std::make_unsigned_t<T>;
  std::array<unsigned char, sizeof(T)> b{};
  in.read(b.data(), b.size(), "integer");
  U u = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) u = static_cast<U>(u | (static_cast<U>(b[i]) << (8 * i)));
  return static_cast<T>(u);
}

template <class T>
constexpr std::size_t min_encoded_size();

template <class Variant, std::size_t... I>
constexpr std::size_t min_alternative_size(std::index_sequence<I...>) {
  return std::min({min_encoded_size<std::variant_alternative_t<I, Variant>>()...});
}

template <class Tuple, std::size_t... I>
constexpr std::size_t sum_of_sizes(std::index_sequence<I...>) {
  return (std::size_t{0} + ... +
          min_encoded_size<std::remove_cvref_t<std::tuple_element_t<I, Tuple>>>());
}

/// The fewest bytes any value of T encodes to. Not the encoding of T{}: a variant's default is
/// its first alternative, which may be larger than another one, and a field's default value may
/// be longer than the empty string or vector another value holds.
template <class T>
constexpr std::size_t min_encoded_size() {
  if constexpr (std::is_same_v<T, bool> || IsOptional<T>::value) {
    return 1;
  } else if constexpr (std::is_enum_v<T>) {
    return sizeof(std::underlying_type_t<T>);
  } else if constexpr (std::is_integral_v<T> || std::is_same_v<T, double>) {
    return sizeof(T);
  } else if constexpr (std::is_same_v<T, std::string> || IsVector<T>::value ||
                       IsMapOrSet<T>::value) {
    return 4;
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return 0;
  } else if constexpr (IsVariant<T>::value) {
    return 4 + min_alternative_size<T>(std::make_index_sequence<std::variant_size_v<T>>{});
  } else if constexpr (IsArray<T>::value || IsTupleLike<T>::value) {
    return sum_of_sizes<T>(std::make_index_sequence<std::tuple_size_v<T>>{});
  } else if constexpr (Described<T>) {
    using Fields = decltype(Access::fields(std::declval<const T&>()));
    return sum_of_sizes<Fields>(std::make_index_sequence<std::tuple_size_v<Fields>>{});
  } else {
    static_assert(sizeof(T) == 0, "dslab codec: type not supported; declare it with DSLAB_STATE");
    return 0;
  }
}

/// Reads a container length and checks it against the bytes left.
template <class Element>
std::uint32_t read_length(Reader& in) {
  const std::size_t at = in.offset();
  const std::uint32_t n = read_u32(in, "length");
  constexpr std::size_t min_size = min_encoded_size<Element>();
  const bool too_long = min_size == 0 ? n > kMaxEmptyElements
                                      : static_cast<std::size_t>(n) > in.remaining() / min_size;
  if (too_long) {
    in.fail("length " + std::to_string(n) + " at offset " + std::to_string(at) +
            " exceeds the " + std::to_string(in.remaining()) + " bytes left");
  }
  return n;
}

template <class Variant, std::size_t I>
void read_alternative(Reader& in, Variant& value) {
  std::variant_alternative_t<I, Variant> alt{};
  read_value(in, alt);
  value = std::move(alt);
}

template <class Variant, std::size_t... I>
void read_variant(Reader& in, Variant& value, std::uint32_t index, std::index_sequence<I...>) {
  using Reader1 = void (*)(Reader&, Variant&);
  static constexpr std::array<Reader1, sizeof...(I)> readers{&read_alternative<Variant, I>...};
  readers[index](in, value);
}

template <class T>
void read_value(Reader& in, T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    unsigned char b = 0;
    in.read(&b, 1, "bool");
    if (b > 1) in.fail("bool byte is " + std::to_string(b) + ", expected 0 or 1");
    value = b == 1;
  } else if constexpr (std::is_enum_v<T>) {
    value = static_cast<T>(read_integer<std::underlying_type_t<T>>(in));
  } else if constexpr (std::is_integral_v<T>) {
    value = read_integer<T>(in);
  } else if constexpr (std::is_same_v<T, double>) {
    const auto bits = read_integer<std::uint64_t>(in);
    std::memcpy(&value, &bits, sizeof bits);
  } else if constexpr (std::is_same_v<T, std::string>) {
    const std::uint32_t n = read_length<char>(in);
    value.resize(n);
    in.read(value.data(), n, "string");
  } else if constexpr (std::is_same_v<T, std::monostate>) {
  } else if constexpr (IsOptional<T>::value) {
    bool present = false;
    read_value(in, present);
    if (present) {
      typename T::value_type inner{};
      read_value(in, inner);
      value = std::move(inner);
    } else {
      value.reset();
    }
  } else if constexpr (IsVariant<T>::value) {
    const std::size_t at = in.offset();
    const std::uint32_t index = read_u32(in, "variant index");
    if (index >= std::variant_size_v<T>) {
      in.fail("variant index " + std::to_string(index) + " at offset " + std::to_string(at) +
              " out of range (" + std::to_string(std::variant_size_v<T>) + " alternatives)");
    }
    read_variant(in, value, index, std::make_index_sequence<std::variant_size_v<T>>{});
  } else if constexpr (IsVector<T>::value) {
    const std::uint32_t n = read_length<typename T::value_type>(in);
    value.clear();
    value.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      typename T::value_type element{};
      read_value(in, element);
      value.push_back(std::move(element));
    }
  } else if constexpr (IsMapOrSet<T>::value) {
    using Stored = typename StoredElement<T>::type;
    const std::uint32_t n = read_length<Stored>(in);
    value.clear();
    for (std::uint32_t i = 0; i < n; ++i) {
      Stored element{};
      read_value(in, element);
      // The encoding is canonical: keys strictly increasing, as encode() writes them. Anything
      // else (duplicates, another order) would decode to a value that re-encodes differently.
      const auto& key = [&]() -> const auto& {
        if constexpr (std::is_same_v<Stored, typename T::key_type>) {
          return element;
        } else {
          return element.first;
        }
      }();
      if (!value.empty() && !value.key_comp()(StoredElement<T>::last_key(value), key)) {
        in.fail("map or set keys not in strictly increasing order (duplicate or unsorted)");
      }
      value.insert(value.end(), std::move(element));
    }
  } else if constexpr (IsArray<T>::value || IsTupleLike<T>::value) {
    std::apply([&](auto&... parts) { (read_value(in, parts), ...); }, value);
  } else if constexpr (Described<T>) {
    std::apply([&](auto&... fields) { (read_value(in, fields), ...); }, Access::fields(value));
  } else {
    static_assert(sizeof(T) == 0, "dslab codec: type not supported; declare it with DSLAB_STATE");
  }
}

// ---- public API -------------------------------------------------------------------------

/// Appends the wire encoding of `value` to `out`.
template <class T>
void encode_into(const T& value, Bytes& out) {
  ByteSink sink(out);
  write_value(sink, value);
}

/// The wire encoding of `value`.
template <class T>
Bytes encode(const T& value) {
  Bytes out;
  encode_into(value, out);
  return out;
}

/// Decodes a whole buffer into a T. Throws DecodeError on truncated input, impossible lengths,
/// bad tags, or trailing bytes. T must be default-constructible.
template <class T>
T decode(std::span<const std::byte> bytes) {
  Reader in(bytes);
  T value{};
  read_value(in, value);
  if (in.remaining() != 0) {
    in.fail(std::to_string(in.remaining()) + " trailing bytes after a complete value");
  }
  return value;
}

}  // namespace dslab::codec
