// Slip-day arithmetic.
#include "grader/ledger/slip.hpp"

#include <algorithm>

namespace dslab::ledger {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

bool is_weekend_local(Instant t, const manifest::TimeZone& tz) {
  const auto local = t + tz.offset_at(t);
  const std::chrono::weekday wd{std::chrono::floor<std::chrono::days>(local)};
  return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

}  // namespace

int days_late(Instant deadline, Instant submitted, const manifest::SlipPolicy& policy,
              const manifest::TimeZone& tz) {
  const Instant start = deadline + std::chrono::minutes(policy.grace_minutes);
  const seconds late = submitted - start;
  if (late <= seconds(0)) return 0;
  const auto day = seconds(hours(24)).count();
  const int periods = static_cast<int>((late.count() + day - 1) / day);
  if (policy.calendar_days) return periods;
  int counted = 0;
  for (int k = 1; k <= periods; ++k) {
    if (!is_weekend_local(start + hours(24) * k, tz)) ++counted;
  }
  return counted;
}

SlipCharge charge(int days_late, int budget_left, int penalty_per_day) {
  SlipCharge c;
  c.days_late = std::max(0, days_late);
  c.free_days = std::min(c.days_late, std::max(0, budget_left));
  c.penalty_days = c.days_late - c.free_days;
  c.penalty = static_cast<double>(c.penalty_days) * penalty_per_day;
  return c;
}

}  // namespace dslab::ledger
