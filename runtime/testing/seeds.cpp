// Seed lists for randomized tests, with the replay and soak overrides.
#include "runtime/testing/seeds.hpp"

#include <cstdlib>
#include <stdexcept>

namespace dslab::labkit {
namespace {
std::uint64_t parse(const char* name, const std::string& text) {
  std::size_t used = 0;
  std::uint64_t value = 0;
  try {
    value = std::stoull(text, &used, 10);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || text[0] == '-') {
    throw std::invalid_argument(std::string(name) + " must be a non-negative integer, got '" +
                                text + "'");
  }
  return value;
}
}  // namespace

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

bool replaying() { return !env_or("DSLAB_SEED", "").empty(); }

std::vector<std::uint64_t> seeds(std::size_t count, std::uint64_t base) {
  if (const std::string one = env_or("DSLAB_SEED", ""); !one.empty()) {
    return {parse("DSLAB_SEED", one)};
  }
  if (const std::string n = env_or("DSLAB_SEEDS", ""); !n.empty()) {
    count = static_cast<std::size_t>(parse("DSLAB_SEEDS", n));
  }
  std::vector<std::uint64_t> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(base + i);
  return out;
}

std::size_t audit_seeds() {
  if (const std::string n = env_or("DSLAB_AUDIT_SEEDS", ""); !n.empty()) {
    return static_cast<std::size_t>(parse("DSLAB_AUDIT_SEEDS", n));
  }
  return kAuditSeeds;
}

}  // namespace dslab::labkit
