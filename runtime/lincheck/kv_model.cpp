// The key-value model: get/put/append over interned strings.
#include "runtime/lincheck/kv_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "runtime/lincheck/cache.hpp"

namespace dslab::lincheck {

namespace {

/// Polynomial string hashing modulo the Mersenne prime 2^61 - 1, so the hash of a + b follows
/// from the hashes of a and b: h(a + b) = h(a) * B^|b| + h(b).
constexpr std::uint64_t kMod = (std::uint64_t{1} << 61) - 1;
constexpr std::uint64_t kBase = 1000003;

__extension__ using Wide = unsigned __int128;  // GCC/Clang; __extension__ keeps -Wpedantic quiet

std::uint64_t mulmod(std::uint64_t a, std::uint64_t b) {
  const Wide p = static_cast<Wide>(a) * b;
  std::uint64_t r = static_cast<std::uint64_t>(p & kMod) + static_cast<std::uint64_t>(p >> 61);
  return r >= kMod ? r - kMod : r;
}

std::uint64_t addmod(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t r = a + b;
  return r >= kMod ? r - kMod : r;
}

/// The hash of `s` and B^|s|.
std::pair<std::uint64_t, std::uint64_t> poly(std::string_view s) {
  std::uint64_t h = 0, power = 1;
  for (unsigned char c : s) {
    h = addmod(mulmod(h, kBase), c + 1);
    power = mulmod(power, kBase);
  }
  return {h, power};
}

}  // namespace

/// The string pool. Input strings (keys, put values, append suffixes) are "chunks"; a value
/// is a node (prefix value, chunk), so appending never copies the string. Nodes are canonical
/// (equal contents, one id: checked by content hash and, on a hash match, by comparing the
/// strings), so equal maps are equal states. Value 0 is "".
struct KvModel::Pool {
  static constexpr std::uint32_t kNone = 0xffffffffU;
  struct Node {
    std::uint32_t prefix;
    std::uint32_t chunk;
    std::uint64_t hash;
    std::uint64_t length;
    std::uint32_t same_hash;  // the next node with the same content hash, or kNone
  };
  std::vector<std::string> chunks{""};
  std::vector<std::uint64_t> chunk_hash{0}, chunk_power{1};
  std::unordered_map<std::string, std::uint32_t> chunk_ids{{"", 0}};
  std::vector<Node> nodes{{0, 0, 0, 0, kNone}};
  detail::U64Map by_content;  // content hash -> first node with it (others chained)

  Pool() { by_content.insert(0, 0); }

  std::uint32_t chunk(const std::string& s) {
    auto [it, fresh] = chunk_ids.emplace(s, static_cast<std::uint32_t>(chunks.size()));
    if (fresh) {
      chunks.push_back(s);
      const auto [h, power] = poly(s);
      chunk_hash.push_back(h);
      chunk_power.push_back(power);
    }
    return it->second;
  }

  std::string text(std::uint32_t value) const {
    std::vector<std::uint32_t> parts;
    for (std::uint32_t v = value; v != 0; v = nodes[v].prefix) parts.push_back(nodes[v].chunk);
    std::string out;
    out.reserve(nodes[value].length);
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) out += chunks[*it];
    return out;
  }

  /// The value `value` + chunk `c`. Found by content hash; a node built the same way matches
  /// without comparing text.
  std::uint32_t append(std::uint32_t value, std::uint32_t c) {
    Node node{value, c, addmod(mulmod(nodes[value].hash, chunk_power[c]), chunk_hash[c]),
              nodes[value].length + chunks[c].size(), kNone};
    const std::uint32_t* first = by_content.find(node.hash);
    if (first == nullptr) {
      by_content.insert(node.hash, static_cast<std::uint32_t>(nodes.size()));
      nodes.push_back(node);
      return static_cast<std::uint32_t>(nodes.size() - 1);
    }
    for (std::uint32_t n = *first; n != kNone; n = nodes[n].same_hash) {
      const Node& other = nodes[n];
      if (other.prefix == value && other.chunk == c) return n;
      if (other.length == node.length && text(n) == text(value) + chunks[c]) return n;
    }
    const auto id = static_cast<std::uint32_t>(nodes.size());
    node.same_hash = nodes[*first].same_hash;  // chain behind the first node with this hash
    nodes[*first].same_hash = id;
    nodes.push_back(node);
    return id;
  }

  /// Whether value `value` is a prefix of `s` (compared chunk by chunk from its end).
  bool is_prefix(std::uint32_t value, std::string_view s) const {
    if (nodes[value].length > s.size()) return false;
    for (std::uint32_t v = value; v != 0; v = nodes[v].prefix) {
      const std::string& c = chunks[nodes[v].chunk];
      if (s.compare(nodes[v].length - c.size(), c.size(), c) != 0) return false;
    }
    return true;
  }

  /// Whether value `value` reads as `s`.
  bool equals(std::uint32_t value, const std::string& s) const {
    const Node& n = nodes[value];
    if (n.length != s.size()) return false;
    if (poly(s).first != n.hash) return false;
    return text(value) == s;
  }
};

KvModel::KvModel(const std::map<std::string, std::string>& initial)
    : pool_(std::make_shared<Pool>()) {
  for (const auto& [k, v] : initial) {
    set(initial_, pool_->chunk(k), pool_->append(0, pool_->chunk(v)));
  }
}

void KvModel::set(State& s, std::uint32_t key, std::uint32_t value) {
  auto it = std::lower_bound(s.begin(), s.end(), key,
                             [](const auto& entry, std::uint32_t k) { return entry.first < k; });
  const bool present = it != s.end() && it->first == key;
  if (value == 0) {
    if (present) s.erase(it);
  } else if (present) {
    it->second = value;
  } else {
    s.insert(it, {key, value});
  }
}

bool KvModel::step(const State& s, const Input& in, const std::optional<Output>& out,
                   State& next) const {
  const std::uint32_t key = pool_->chunk(in.key);
  auto it = std::lower_bound(s.begin(), s.end(), key,
                             [](const auto& entry, std::uint32_t k) { return entry.first < k; });
  const std::uint32_t current = (it != s.end() && it->first == key) ? it->second : 0;
  switch (in.kind) {
    case Input::Kind::kGet:
      next = s;
      return !out || pool_->equals(current, out->value);
    case Input::Kind::kPut:
      next = s;
      set(next, key, pool_->append(0, pool_->chunk(in.value)));
      return true;
    case Input::Kind::kAppend:
      next = s;
      set(next, key, pool_->append(current, pool_->chunk(in.value)));
      return true;
  }
  return false;
}

bool KvModel::reachable(const State& s, const Input& in, const Output& out) const {
  if (in.kind != Input::Kind::kGet) return true;
  const std::uint32_t key = pool_->chunk(in.key);
  auto it = std::lower_bound(s.begin(), s.end(), key,
                             [](const auto& entry, std::uint32_t k) { return entry.first < k; });
  const std::uint32_t current = (it != s.end() && it->first == key) ? it->second : 0;
  return pool_->is_prefix(current, out.value);
}

std::uint64_t KvModel::hash(const State& s) const {
  std::uint64_t h = 0x6b76;
  for (const auto& [k, v] : s) h = detail::hash_combine(h, (std::uint64_t{k} << 32) | v);
  return h;
}

namespace {
std::string quote(std::string_view s) {
  constexpr std::size_t kMax = 60;
  if (s.size() <= kMax) return fmt::format("\"{}\"", s);
  return fmt::format("\"...{}\" ({} chars)", s.substr(s.size() - kMax), s.size());
}
}  // namespace

std::string KvModel::describe(const Input& in, const std::optional<Output>& out) const {
  switch (in.kind) {
    case Input::Kind::kGet:
      return fmt::format("get({}) -> {}", quote(in.key), out ? quote(out->value) : "?");
    case Input::Kind::kPut:
      return fmt::format("put({}, {}){}", quote(in.key), quote(in.value), out ? "" : " -> ?");
    case Input::Kind::kAppend:
      return fmt::format("append({}, {}){}", quote(in.key), quote(in.value), out ? "" : " -> ?");
  }
  return "?";
}

std::string KvModel::describe(const State& s) const {
  std::vector<std::string> parts;
  for (const auto& [k, v] : s) {
    parts.push_back(fmt::format("{}: {}", quote(pool_->chunks[k]), quote(pool_->text(v))));
  }
  return fmt::format("{{{}}}", fmt::join(parts, ", "));
}

}  // namespace dslab::lincheck
