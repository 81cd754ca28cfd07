// The sandboxed build of a staged submission: CMake configure + build of the lab's programs
// (its node host, or lab 1's servers), with no network, no view of the grader's tree, and
// resource limits. The compiler runs on student code, so it runs confined too.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "grader/grading/stage.hpp"
#include "grader/sandbox/cgroup.hpp"
#include "grader/sandbox/policy.hpp"

namespace dslab::grading {

/// What the build produced.
struct BuildOutcome {
  bool ok = false;
  std::string log;                ///< configure + build output (bounded)
  std::filesystem::path bin_dir;  ///< where the programs are (build/bin)
  std::string isolation;          ///< the sandbox level reached
  std::string group_version;      ///< "cgroup v1"/"cgroup v2" when a group bounded it, else ""
  sandbox::GroupUsage group_usage;  ///< the group's counters: a hit limit is a violation
  bool timed_out = false;         ///< the build's wall limit ended it
  double seconds = 0;
};

/// Limits of the build sandbox.
struct BuildLimits {
  /// Wall limit of the whole build (configure + compile + link): about 3.5x the slowest lab's
  /// sandboxed build measured on the shared 2-core machine (lab 1: 25 s; labs 2, 3: 8-9 s).
  std::chrono::seconds wall{90};
  int jobs = 2;
  uid_t uid = 65534;
  sandbox::Backend backend = sandbox::Backend::kAuto;
  /// The grader's trusted build root: its runtime libraries are linked instead of rebuilt
  /// (bound read-only into the sandbox). Empty: compile the runtime from the staged sources.
  std::filesystem::path prebuilt_runtime;
};

/// The sandbox policy of a build of `tree` (what build_programs() runs under; the report's
/// isolation lists its limits).
sandbox::Policy build_policy(const StagedTree& tree, const BuildLimits& limits);

/// Configures and builds `lab`'s `<lab>_programs` target in `tree` (DSLAB_HOST_ONLY=ON), in a
/// sandbox that sees only the system directories and the staged tree.
BuildOutcome build_programs(const StagedTree& tree, const std::string& lab,
                            const std::string& build_type, const BuildLimits& limits);

/// The first compiler errors of a build log (lines with "error" and a little context).
std::string first_errors(const std::string& log, std::size_t max_lines = 30);

}  // namespace dslab::grading
