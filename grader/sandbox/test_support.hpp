// Helpers shared by the sandbox tests: hostile program location, policies, process census.
#pragma once

#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "grader/sandbox/policy.hpp"

namespace dslab::sandbox::test_support {

inline constexpr const char* kHostileInside = "/opt/dslab/hostile";

/// A uid of its own for this test process, so that RLIMIT_NPROC counts and the census below
/// are not disturbed by other sandboxes running on the machine at the same time.
inline uid_t test_uid() { return static_cast<uid_t>(61000 + getpid() % 2000); }

/// The path of the hostile program as the sandboxed process sees it.
inline std::string hostile_path(Backend backend) {
  return backend == Backend::kNone ? DSLAB_HOSTILE_PATH : kHostileInside;
}

/// Modest bounds: a broken sandbox fails its test instead of taking the machine down.
inline Policy hostile_policy(Backend backend) {
  Policy p;
  p.backend = backend;
  p.uid = test_uid();
  p.gid = test_uid();
  p.cpu_seconds = 5;
  p.memory_bytes = 256ULL << 20;
  p.max_processes = 64;
  p.max_file_size = 8ULL << 20;
  p.max_open_files = 64;
  p.tmp_bytes = 16ULL << 20;
  p.max_output_bytes = 64U << 10;
  p.wall = std::chrono::seconds(10);
  p.ro_binds = {{DSLAB_HOSTILE_PATH, kHostileInside}};
  return p;
}

/// Number of live processes on the whole machine whose real uid is `uid`.
inline int processes_of_uid(uid_t uid) {
  int count = 0;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return -1;
  while (dirent* e = readdir(proc)) {
    if (std::atoi(e->d_name) <= 0) continue;
    std::ifstream status(std::string("/proc/") + e->d_name + "/status");
    std::string line;
    while (std::getline(status, line)) {
      unsigned real = 0;
      if (std::sscanf(line.c_str(), "Uid: %u", &real) == 1) {
        if (real == uid) ++count;
        break;
      }
    }
  }
  closedir(proc);
  return count;
}

}  // namespace dslab::sandbox::test_support
