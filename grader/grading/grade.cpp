// Orchestration of a lab's grading (see grade.hpp).
#include "grader/grading/grade.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "grader/grading/stage.hpp"
#include "grader/grading/test_runner.hpp"
#include "grader/report/score.hpp"
#include "grader/sandbox/command.hpp"
#include "grader/sandbox/isolation.hpp"

namespace dslab::grading {
namespace fs = std::filesystem;
namespace {

void say(const GradeOptions& o, const std::string& line) {
  if (o.progress) o.progress(line);
}

fs::path make_work_dir(const GradeOptions& o, const std::string& lab) {
  const fs::path base = o.work_root.empty() ? fs::temp_directory_path() : o.work_root;
  fs::create_directories(base);
  std::string tmpl = (base / ("dslab-grade-" + lab + "-XXXXXX")).string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    throw std::runtime_error("cannot create a staging directory under " + base.string());
  }
  return tmpl;
}

// Bounds of one test's whole process tree (the trusted test binary and the student's programs)
// where a cgroup can be made: the per-process limits of test_launcher() alone allow 12 x 1 GiB.
const sandbox::GroupLimits kTestGroup{3ULL << 30, 256};

// Distinct sandbox uids per process and job: RLIMIT_NPROC is counted per uid machine-wide.
uid_t job_uid(int job) {
  return static_cast<uid_t>(61000 + (static_cast<int>(getpid()) % 1000) * 8 + job % 8);
}

std::vector<report::TestResult> run_all(const GradeOptions& o, const manifest::LabManifest& m,
                                        const fs::path& student_bin, const fs::path& scratch) {
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
      s.launcher = test_launcher(student_bin, spec.time_limit_seconds, job_uid(job), o.backend);
      s.scratch = scratch / fmt::format("job{}", job);
      s.group = kTestGroup;
      const auto start = std::chrono::steady_clock::now();
      results[i] = run_test(spec, s);
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
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

}  // namespace

std::vector<std::string> test_launcher(const fs::path& student_bin, int time_limit, uid_t uid,
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
  return sandbox::command_prefix(p);
}

std::vector<manifest::LabManifest> select_labs(const fs::path& source_root, const std::string& which) {
  if (which == "all") return manifest::discover_labs(source_root / "labs");
  if (!fs::exists(source_root / "labs" / which / "lab.toml")) {
    throw std::runtime_error(manifest::unknown_lab(source_root / "labs", which));
  }
  return {manifest::load_lab(source_root / "labs" / which)};
}

report::LabResult grade_lab(const GradeOptions& o, const manifest::LabManifest& full) {
  manifest::LabManifest m = full;
  if (!o.hidden) {
    std::erase_if(m.tests, [](const manifest::TestSpec& t) {
      return t.visibility == manifest::Visibility::kHidden;
    });
  }
  const fs::path work = make_work_dir(o, m.id);
  say(o, fmt::format("[{}] staging the submission", m.id));
  const StagedTree tree = stage(o.source_root, m, o.submission, work / "stage");
  report::LabResult lab;
  std::string level = sandbox::detect().level;
  if (!tree.missing.empty()) {
    std::string files;
    for (const auto& f : tree.missing) files += (files.empty() ? "" : ", ") + f;
    lab = report::build_failed(m, "missing student files: " + files);
  } else {
    say(o, fmt::format("[{}] building the submission in the sandbox", m.id));
    BuildLimits limits = o.build;
    limits.backend = o.backend;
    limits.uid = job_uid(0);
    if (limits.prebuilt_runtime.empty()) limits.prebuilt_runtime = o.test_bin_dir.parent_path();
    const BuildOutcome build = build_programs(tree, m.id, o.build_type, limits);
    if (build.isolation.find("+cgroup") != std::string::npos) {
      level += build.isolation.substr(build.isolation.find("+cgroup"));  // builds and tests
    }
    say(o, fmt::format("[{}] build {} ({:.1f}s)", m.id, build.ok ? "ok" : "FAILED", build.seconds));
    if (!build.ok) {
      lab = report::build_failed(m, first_errors(build.log));
    } else {
      const auto results = run_all(o, m, build.bin_dir, work / "results");
      lab = report::score_lab(m, results);
    }
  }
  lab.isolation_level = level;
  if (!o.keep_work) {
    std::error_code ec;
    fs::remove_all(work, ec);
  }
  return lab;
}

}  // namespace dslab::grading
