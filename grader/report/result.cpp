// Result model helpers: status names, rounding, penalties.
#include "grader/report/result.hpp"

#include <algorithm>
#include <cmath>

namespace dslab::report {
namespace {

constexpr std::pair<std::string_view, TestStatus> kStatuses[] = {
    {"passed", TestStatus::kPassed},
    {"failed", TestStatus::kFailed},
    {"crashed", TestStatus::kCrashed},
    {"timeout", TestStatus::kTimeout},
    {"nondeterministic", TestStatus::kNondeterministic},
    {"isolation", TestStatus::kIsolation},
    {"sandbox_violation", TestStatus::kSandboxViolation},
    {"missing", TestStatus::kMissing},
    {"build_failed", TestStatus::kBuildFailed},
};

}  // namespace

std::string_view to_string(TestStatus status) {
  for (const auto& [name, value] : kStatuses) {
    if (value == status) return name;
  }
  return "missing";
}

std::optional<TestStatus> parse_test_status(std::string_view s) {
  for (const auto& [name, value] : kStatuses) {
    if (name == s) return value;
  }
  return std::nullopt;
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }

std::string describe(const Isolation& iso) {
  if (iso.backend.empty()) return "";
  std::string out = iso.backend;
  if (iso.uid_first != 0) {
    out += ", uids " + std::to_string(iso.uid_first) +
           (iso.uid_last != iso.uid_first ? "-" + std::to_string(iso.uid_last) : "");
  }
  out += ", rlimits";
  if (!iso.cgroup.empty()) out += ", " + iso.cgroup;
  if (!iso.seccomp.empty()) out += ", seccomp " + iso.seccomp;
  if (!iso.confined) out += " (not confined)";
  return out;
}

void apply_penalty(LabResult& lab, double penalty) {
  lab.penalty = std::max(0.0, penalty);
  lab.final_score = round2(std::max(0.0, lab.score - lab.penalty));
}

}  // namespace dslab::report
