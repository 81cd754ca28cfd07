// Orchestration of a lab's grading (see grade.hpp): stage, build, run the tests within the lab's
// time budget, score; clean up on every path.
#include "grader/grading/grade.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "grader/grading/stage.hpp"
#include "grader/grading/test_runner.hpp"
#include "grader/report/score.hpp"
#include "grader/sandbox/cleanup.hpp"
#include "grader/sandbox/command.hpp"
#include "grader/sandbox/isolation.hpp"
#include "grader/sandbox/seccomp.hpp"
#include "runtime/env/env.hpp"

namespace dslab::grading {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kStagingPrefix = "dslab-grade-";
constexpr uid_t kUidBase = 61000;
constexpr int kUidSlots = 1000;
constexpr int kJobsPerSlot = 8;
// The dslab of a student's repository (its default preset), as its handouts write it: the
// replay command of a graded failure is meant to be pasted there (an instructor adds
// --submission, docs/instructors.md). Set explicitly, so the grader's own environment never
// decides what a report says.
constexpr const char* kStudentReplayProgram = "build/default/bin/dslab";

void say(const GradeOptions& o, const std::string& line) {
  if (o.progress) o.progress(line);
}

fs::path work_base(const fs::path& work_root) {
  return work_root.empty() ? fs::temp_directory_path() : work_root;
}

// The staging directory of one lab: named after this process (so that a sweep can tell a dead
// grader's leftovers), removed by the destructor (unless kept) and by the stop handler.
class WorkDir {
 public:
  WorkDir(const GradeOptions& o, const std::string& lab) : keep_(o.keep_work) {
    const fs::path base = work_base(o.work_root);
    fs::create_directories(base);
    std::string tmpl = (base / fmt::format("{}{}-{}-XXXXXX", kStagingPrefix, getpid(), lab)).string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      throw std::runtime_error("cannot create a staging directory under " + base.string());
    }
    path_ = tmpl;
    if (!keep_) registration_ = sandbox::cleanup::Registration(sandbox::cleanup::Kind::kDirectory, path_);
  }
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;
  ~WorkDir() {
    std::error_code ec;
    // Still registered meanwhile: a stop handler that runs now removes it too (and retries).
    for (int attempt = 0; !keep_ && attempt < 5 && fs::exists(path_, ec); ++attempt) {
      fs::remove_all(path_, ec);
    }
  }
  const fs::path& path() const { return path_; }

 private:
  bool keep_;
  fs::path path_;
  sandbox::cleanup::Registration registration_;
};

// Bounds of one test's whole process tree (the trusted test binary and the student's programs)
// where a cgroup can be made: the per-process limits of test_launcher() alone allow 12 x 1 GiB.
const sandbox::GroupLimits kTestGroup{3ULL << 30, 256};

// Distinct sandbox uids per process and job: RLIMIT_NPROC is counted per uid machine-wide.
uid_t job_uid(int job) {
  return static_cast<uid_t>(kUidBase + (static_cast<int>(getpid()) % kUidSlots) * kJobsPerSlot +
                            job % kJobsPerSlot);
}

sandbox::Policy test_policy(const fs::path& student_bin, int time_limit, uid_t uid,
                            sandbox::Backend backend) {
  sandbox::Policy p;
  p.ro_binds.push_back({student_bin, student_bin});
  p.keep_fds = {3};  // the node host's shared-memory channel
  p.env.emplace_back("DSLAB_IPC_FD", "3");
  p.fds_open_elsewhere = true;  // the test binary, which runs this prefix, holds fd 3
  p.cpu_seconds = static_cast<std::uint64_t>(time_limit);
  // Per process 1 GiB and at most 12 processes/threads for the uid (lab 1's ZeroMQ programs run
  // a few threads): a test's student processes can hold at most 12 GiB together.
  p.memory_bytes = 1ULL << 30;
  p.max_processes = 12;
  p.max_file_size = 16ULL << 20;
  p.wall = std::chrono::seconds(time_limit + 5);
  p.uid = uid;
  p.gid = uid;
  p.backend = backend;
  return p;
}

report::SandboxLimits limits_of(const sandbox::Policy& p, const sandbox::GroupLimits& group,
                                int wall_seconds) {
  return {.memory_bytes = p.memory_bytes,
          .processes = p.max_processes,
          .file_size_bytes = p.max_file_size,
          .group_memory_bytes = group.memory_bytes,
          .group_processes = group.max_processes,
          .wall_seconds = wall_seconds};
}

// The structured isolation of a grading: what the backend, uid drop, filter and groups reached.
report::Isolation isolation_of(const GradeOptions& o, const BuildLimits& build,
                               const std::string& group_version) {
  const sandbox::Isolation& iso = sandbox::detect();
  const sandbox::Backend backend = sandbox::resolve(o.backend, iso);
  report::Isolation out;
  out.backend = sandbox::to_string(backend);
  out.confined = backend != sandbox::Backend::kNone;
  if (iso.is_root && iso.can_change_uid) {
    const auto [first, last] = sandbox_uid_range();
    out.uid_first = first;
    out.uid_last = last;
  }
  out.cgroup = group_version;
  const sandbox::Policy test = test_policy("/", 0, kUidBase, backend);
  out.seccomp = test.seccomp && sandbox::seccomp::available() ? sandbox::seccomp::kFilterName : "";
  const sandbox::Policy b = build_policy(StagedTree{}, build);
  out.build = limits_of(b, {b.group_memory_bytes, b.group_max_processes},
                        static_cast<int>(build.wall.count()));
  out.test = limits_of(test, kTestGroup, 0);
  out.budget_seconds = static_cast<int>(o.budget->count());
  return out;
}

// Every test of `m` with the same status and reason (a refused submission, a build stopped
// by the sandbox).
report::LabResult all_tests(const manifest::LabManifest& m, report::TestStatus status,
                            const std::string& reason, const std::string& log) {
  report::LabResult lab = report::build_failed(m, log);
  for (auto& t : lab.tests) {
    t.status = status;
    t.reason = report::bound_text(reason, report::kMaxReasonBytes);
  }
  return lab;
}

// A test that cannot start before the budget ends.
report::TestResult not_run(const manifest::TestSpec& spec, const GradeOptions& o) {
  report::TestResult r;
  r.name = spec.name;
  r.points = spec.points;
  r.visibility = spec.visibility;
  r.property = spec.property;
  r.status = report::TestStatus::kTimeout;
  r.reason = fmt::format("not run: the lab's time budget of {} s (build and tests together) "
                         "was used up", o.budget->count());
  return r;
}

// Runs one test within what is left of the budget (its time limit shrinks to fit).
report::TestResult run_within(const GradeOptions& o, const manifest::TestSpec& spec,
                              RunSettings& s, int job, Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(deadline - Clock::now());
  if (left.count() < 1) return not_run(spec, o);
  manifest::TestSpec fitted = spec;
  const bool cut = left.count() < spec.time_limit_seconds;
  if (cut) fitted.time_limit_seconds = static_cast<int>(left.count());
  s.launcher = test_launcher(s.student_bin, fitted.time_limit_seconds, job_uid(job), o.backend);
  report::TestResult r = run_test(fitted, s);
  if (cut && r.status == report::TestStatus::kTimeout) {
    r.reason = fmt::format("stopped after {} s: the lab's time budget of {} s (build and tests "
                           "together) ran out", fitted.time_limit_seconds, o.budget->count());
  }
  return r;
}

std::vector<report::TestResult> run_all(const GradeOptions& o, const manifest::LabManifest& m,
                                        const fs::path& student_bin, const fs::path& scratch,
                                        Clock::time_point deadline) {
  std::vector<report::TestResult> results(m.tests.size());
  std::atomic<std::size_t> next{0};
  std::mutex progress_mutex;
  std::size_t done = 0;
  auto worker = [&](int job) {
    for (std::size_t i = next++; i < m.tests.size(); i = next++) {
      const auto& spec = m.tests[i];
      RunSettings s;
      s.test_bin_dir = o.test_bin_dir;
      s.student_bin = student_bin;
      s.scratch = scratch / fmt::format("job{}", job);
      s.group = kTestGroup;
      s.extra_env = {env::assignment(env::kReplayProgram, kStudentReplayProgram)};
      if (o.seeds_at_most) {
        s.extra_env.push_back(env::assignment(env::kSeedsAtMost, std::to_string(*o.seeds_at_most)));
      }
      const auto start = Clock::now();
      results[i] = run_within(o, spec, s, job, deadline);
      const std::chrono::duration<double> took = Clock::now() - start;
      std::lock_guard lock(progress_mutex);
      ++done;
      say(o, fmt::format("[{}] {}/{} {} {} ({:.1f}s)", m.id, done, m.tests.size(), spec.name,
                         report::to_string(results[i].status), took.count()));
    }
  };
  // A grader-side error (e.g. the sandbox cannot start) stops every worker and is rethrown.
  std::exception_ptr error;
  std::mutex error_mutex;
  auto guarded = [&](int job) {
    try {
      worker(job);
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
      next = m.tests.size();
    }
  };
  std::vector<std::thread> threads;
  for (int j = 1; j < std::max(1, o.jobs); ++j) threads.emplace_back(guarded, j);
  guarded(0);
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
  return results;
}

// Builds the staged tree within the budget and runs the tests; `group_version` gets the
// control group the build ran in.
report::LabResult build_and_test(const GradeOptions& o, const manifest::LabManifest& m,
                                 const StagedTree& tree, const fs::path& work,
                                 Clock::time_point deadline, std::string& group_version) {
  say(o, fmt::format("[{}] building the submission in the sandbox", m.id));
  BuildLimits limits = o.build;
  limits.backend = o.backend;
  limits.uid = job_uid(0);
  if (limits.prebuilt_runtime.empty()) limits.prebuilt_runtime = o.test_bin_dir.parent_path();
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(deadline - Clock::now());
  const bool budget_bound = left < limits.wall;
  limits.wall = std::clamp(left, std::chrono::seconds(1), limits.wall);
  const BuildOutcome build = build_programs(tree, m.id, o.build_type, limits);
  group_version = build.group_version;
  say(o, fmt::format("[{}] build {} ({:.1f}s)", m.id, build.ok ? "ok" : "FAILED", build.seconds));
  const sandbox::Policy policy = build_policy(tree, limits);
  const std::string violation = sandbox::violation(
      build.group_usage, {policy.group_memory_bytes, policy.group_max_processes}, "the build");
  if (!violation.empty()) {
    return all_tests(m, report::TestStatus::kSandboxViolation, violation, first_errors(build.log));
  }
  if (build.timed_out) {
    const std::string why = budget_bound
        ? fmt::format("the build did not finish within the lab's time budget of {} s",
                      o.budget->count())
        : fmt::format("the build did not finish within its limit of {} s", limits.wall.count());
    return all_tests(m, report::TestStatus::kBuildFailed, why, first_errors(build.log));
  }
  if (!build.ok) return report::build_failed(m, first_errors(build.log));
  const auto results = run_all(o, m, build.bin_dir, work / "results", deadline);
  return report::score_lab(m, results);
}

}  // namespace

std::pair<uid_t, uid_t> sandbox_uid_range() {
  return {kUidBase, kUidBase + kUidSlots * kJobsPerSlot - 1};
}

std::vector<std::string> test_launcher(const fs::path& student_bin, int time_limit, uid_t uid,
                                       sandbox::Backend backend) {
  return sandbox::command_prefix(test_policy(student_bin, time_limit, uid, backend));
}

void prepare_grader_process(const fs::path& work_root) {
  sandbox::cleanup::install_stop_handlers();
  sandbox::cleanup::sweep_directories(work_base(work_root), kStagingPrefix);
  sandbox::Cgroup::sweep_stale();
}

std::vector<manifest::LabManifest> select_labs(const fs::path& source_root, const std::string& which) {
  if (which == "all") return manifest::discover_labs(source_root / "labs");
  if (!fs::exists(source_root / "labs" / which / "lab.toml")) {
    throw std::runtime_error(manifest::unknown_lab(source_root / "labs", which));
  }
  return {manifest::load_lab(source_root / "labs" / which)};
}

report::LabResult grade_lab(const GradeOptions& options, const manifest::LabManifest& full) {
  GradeOptions o = options;  // with the budget in force: the flag's, else the manifest's
  o.budget = options.budget.value_or(std::chrono::seconds(full.budget_seconds));
  const auto deadline = Clock::now() + *o.budget;
  manifest::LabManifest m = full;
  if (!o.hidden) {
    std::erase_if(m.tests, [](const manifest::TestSpec& t) {
      return t.visibility == manifest::Visibility::kHidden;
    });
  }
  const WorkDir work(o, m.id);
  say(o, fmt::format("[{}] staging the submission", m.id));
  report::LabResult lab;
  std::string group_version;
  try {
    const StagedTree tree = stage(o.source_root, m, o.submission, work.path() / "stage");
    if (!tree.missing.empty()) {
      std::string files;
      for (const auto& f : tree.missing) files += (files.empty() ? "" : ", ") + f;
      lab = report::build_failed(m, "missing student files: " + files);
    } else {
      lab = build_and_test(o, m, tree, work.path(), deadline, group_version);
    }
  } catch (const SubmissionRefused& e) {
    say(o, fmt::format("[{}] submission refused: {}", m.id, e.what()));
    lab = all_tests(m, report::TestStatus::kSandboxViolation,
                    std::string("submission refused: ") + e.what(), e.what());
  }
  lab.isolation = isolation_of(o, o.build, group_version);
  if (o.seeds_at_most) {
    lab.seeds_at_most = *o.seeds_at_most;
    lab.notes.push_back(fmt::format(
        "quick grade: at most {} seeds of each randomized test (--seeds-at-most); not an official "
        "grade, the ledger does not record it", *o.seeds_at_most));
  }
  return lab;
}

}  // namespace dslab::grading
