// Slip-day arithmetic: days late after a grace period, and how a lateness is charged to a budget.
#pragma once

#include <chrono>

#include "grader/manifest/course.hpp"

namespace dslab::ledger {

using manifest::Instant;

/// Whole days late, rounded up, counted from the end of the grace period:
/// late = submitted - (deadline + grace); 0 when late <= 0, else ceil(late / 24 h).
/// (So with no grace, 1 second late is 1 day; exactly 24 h late is 1 day; 24 h + 1 s is 2.)
/// With policy.calendar_days == false, a 24-hour period counts only if it ends on a Monday to
/// Friday in `tz` (weekends are free). Pure; thread-safe.
int days_late(Instant deadline, Instant submitted, const manifest::SlipPolicy& policy,
              const manifest::TimeZone& tz = manifest::TimeZone());

/// How one lab's lateness is paid for.
struct SlipCharge {
  int days_late = 0;
  int free_days = 0;     ///< taken from the free budget
  int penalty_days = 0;  ///< days beyond the free budget
  double penalty = 0;    ///< penalty_days × penalty_per_day points off the lab grade
};

/// Charges `days_late` against `budget_left` free days: free = min(days_late, budget_left), the
/// rest is penalised. Precondition: days_late >= 0, budget_left >= 0.
/// E.g. budget 3, 5 days late, 5 points/day -> 3 free + 2 penalised = 10 points.
SlipCharge charge(int days_late, int budget_left, int penalty_per_day);

}  // namespace dslab::ledger
