// The declared DSLAB_* variables and their accessors (see env.hpp).
#include "runtime/env/env.hpp"

#include <charconv>
#include <cstdlib>

namespace dslab::env {
namespace {

constexpr Variable kVariables[] = {
    {kSeed, "seed", "replay only this seed of a randomized test, printing its whole trace",
     "the student (dslab replay)"},
    {kSeeds, "count", "run this many seeds per randomized test instead of the stated number (soak runs)",
     "the instructor or CI"},
    {kSeedsAtMost, "count",
     "run at most the first this many of each randomized test's seeds (a quick first pass: a "
     "failure there is a failure of the whole test)",
     "the bug checks (cmake/expect_failures.cmake)"},
    {kAuditSeeds, "count",
     "seeds of each test the isolation audit re-runs with one process per node (0: off; default 2)",
     "the instructor"},
    {kTraceOut, "path", "file for the JSON-lines trace of a failing or replayed run", "dslab replay"},
    {kHtmlOut, "path", "file for the HTML picture of a failing or replayed run (runtime/viewer)",
     "dslab replay --html"},
    {kHtmlDir, "directory",
     "where every failing simulated test writes the HTML picture of its run (runtime/viewer)", "dslab test"},
    {kReplayProgram, "command", "what the replay command printed on a failure calls instead of `dslab`",
     "dslab test/replay"},
    {kLab, "lab id", "the lab name used in failure reports and replay commands", "dslab"},
    {kEngine, "inprocess|nodehost", "engine of a local test binary (nodehost: the student's nodes in a host process)",
     "dslab test/replay --engine"},
    {kHost, "path", "the node host executable the test binary drives", "a developer"},
    {kStudentBin, "directory", "the submission's own programs (node host, lab 1 programs)", "the grader"},
    {kHostLauncherFile, "path", "file with the sandbox launcher prefix, one argument per line", "the grader"},
    {kHostTimeoutMs, "milliseconds", "how long one handler call of the node host may take", "a developer"},
    {kHostPerNode, "1 or 0", "one host process per node (set by the isolation audit itself)", "the lab kit"},
    {kLab1Programs, "directory", "where lab 1's tests find the programs under test", "the lab 1 build"},
    {kIpcFd, "fd number", "the shared-memory channel of a node host", "runtime/ipc"},
    {kIpcChild, "path", "the ipc benchmark's child program", "a developer"},
    {kIpcTestSpinUs, "microseconds", "spin time of the ipc test child before it blocks", "the ipc benchmark"},
    {kTestSockFd, "fd number", "the socket of the ipc benchmark's socket baseline", "the ipc benchmark"},
    {kTestVia, "text", "a marker the ipc tests set through a launcher, to see it reach the child", "the ipc tests"},
    {kSource, "directory", "the course source tree dslab works on (default: the tree it was built from)",
     "the instructor"},
    {kBuild, "directory", "the course build dslab uses (default: the build it belongs to)", "the instructor"},
    {kLimiter, "path", "the dslab-limit program of the sandbox", "a developer"},
    {kUpdateGolden, "1 or 0", "rewrite the report tests' golden files instead of comparing", "a developer"},
};

std::string shown(std::string_view value) {
  constexpr std::size_t kMax = 40;
  return value.size() <= kMax ? std::string(value) : std::string(value.substr(0, kMax)) + "...";
}

}  // namespace

std::span<const Variable> variables() { return kVariables; }

const Variable& declared(std::string_view name) {
  for (const auto& v : kVariables) {
    if (v.name == name) return v;
  }
  throw std::logic_error("environment variable " + std::string(name) + " is not declared in runtime/env/env.hpp");
}

std::optional<std::string> text(std::string_view name) {
  const std::string key(declared(name).name);
  const char* value = std::getenv(key.c_str());
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::string text_or(std::string_view name, std::string_view fallback) {
  return text(name).value_or(std::string(fallback));
}

std::uint64_t parse_number(std::string_view name, std::string_view value, std::uint64_t max) {
  std::uint64_t n = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() || n > max) {
    throw Error(std::string(name) + " must be a whole number from 0 to " + std::to_string(max) + " (" +
                std::string(declared(name).value) + "), got '" + shown(value) + "'");
  }
  return n;
}

std::optional<std::uint64_t> number(std::string_view name, std::uint64_t max) {
  const auto value = text(name);
  if (!value) return std::nullopt;
  return parse_number(name, *value, max);
}

bool flag(std::string_view name) {
  const auto value = text(name);
  if (!value || *value == "0") return false;
  if (*value == "1") return true;
  throw Error(std::string(name) + " must be 1 or 0, got '" + shown(*value) + "'");
}

std::string assignment(std::string_view name, std::string_view value) {
  return std::string(declared(name).name) + "=" + std::string(value);
}

ScopedOverride::ScopedOverride(std::string_view name, const std::string& value)
    : name_(declared(name).name) {
  if (const char* before = std::getenv(name_.c_str())) saved_ = before;
  ::setenv(name_.c_str(), value.c_str(), 1);
}

ScopedOverride::~ScopedOverride() {
  if (saved_) {
    ::setenv(name_.c_str(), saved_->c_str(), 1);
  } else {
    ::unsetenv(name_.c_str());
  }
}

}  // namespace dslab::env
