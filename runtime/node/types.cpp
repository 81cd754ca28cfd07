// Rendering of virtual times.
#include "runtime/node/types.hpp"

#include <fmt/format.h>

namespace dslab {

std::string format_time(Time t) {
  const bool negative = t < 0;
  const std::int64_t a = negative ? -t : t;
  return fmt::format("{}{}.{:03}ms", negative ? "-" : "", a / 1000, a % 1000);
}

}  // namespace dslab
