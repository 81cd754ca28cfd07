// Every DSLAB_* environment variable, declared once with its meaning, and typed accessors that
// read them. No other code calls getenv for a DSLAB_* name: it names the variable from here.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace dslab::env {

/// One declared variable.
struct Variable {
  std::string_view name;     ///< "DSLAB_SEED"
  std::string_view value;    ///< what it holds: "seed", "path", "count", "1 or 0", ...
  std::string_view meaning;  ///< one sentence for the docs and `dslab` error messages
  std::string_view set_by;   ///< who sets it
};

// Names (the table below gives their meanings).
inline constexpr std::string_view kSeed = "DSLAB_SEED";
inline constexpr std::string_view kSeeds = "DSLAB_SEEDS";
inline constexpr std::string_view kSeedsAtMost = "DSLAB_SEEDS_AT_MOST";
inline constexpr std::string_view kAuditSeeds = "DSLAB_AUDIT_SEEDS";
inline constexpr std::string_view kTraceOut = "DSLAB_TRACE_OUT";
inline constexpr std::string_view kHtmlOut = "DSLAB_HTML_OUT";
inline constexpr std::string_view kHtmlDir = "DSLAB_HTML_DIR";
inline constexpr std::string_view kReplayProgram = "DSLAB_REPLAY_PROGRAM";
inline constexpr std::string_view kLab = "DSLAB_LAB";
inline constexpr std::string_view kEngine = "DSLAB_ENGINE";
inline constexpr std::string_view kHost = "DSLAB_HOST";
inline constexpr std::string_view kStudentBin = "DSLAB_STUDENT_BIN";
inline constexpr std::string_view kHostLauncherFile = "DSLAB_HOST_LAUNCHER_FILE";
inline constexpr std::string_view kHostTimeoutMs = "DSLAB_HOST_TIMEOUT_MS";
inline constexpr std::string_view kHostPerNode = "DSLAB_HOST_PER_NODE";
inline constexpr std::string_view kLab1Programs = "DSLAB_LAB1_PROGRAMS";
inline constexpr std::string_view kIpcFd = "DSLAB_IPC_FD";
inline constexpr std::string_view kIpcChild = "DSLAB_IPC_CHILD";
inline constexpr std::string_view kIpcTestSpinUs = "DSLAB_IPC_TEST_SPIN_US";
inline constexpr std::string_view kTestSockFd = "DSLAB_TEST_SOCK_FD";
inline constexpr std::string_view kTestVia = "DSLAB_TEST_VIA";
inline constexpr std::string_view kSource = "DSLAB_SOURCE";
inline constexpr std::string_view kBuild = "DSLAB_BUILD";
inline constexpr std::string_view kLimiter = "DSLAB_LIMITER";
inline constexpr std::string_view kUpdateGolden = "DSLAB_UPDATE_GOLDEN";

/// Every variable, in the order docs/environment.md lists them.
std::span<const Variable> variables();
/// The declaration of `name`; throws std::logic_error for a name not declared here (a typo in
/// the code, caught by the first test that reads it).
const Variable& declared(std::string_view name);

/// A variable that is set but malformed: the message names the variable, what it must hold,
/// and the value found (bounded).
class Error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// The value, or nullopt when unset or empty.
std::optional<std::string> text(std::string_view name);
/// The value, or `fallback` when unset or empty.
std::string text_or(std::string_view name, std::string_view fallback);
/// A decimal unsigned integer (at most `max`), or nullopt when unset or empty. Throws Error on
/// anything else ("12x", "-1", "", a 23-digit number).
std::optional<std::uint64_t> number(std::string_view name, std::uint64_t max = UINT64_MAX);
/// "1" is true, "0" and unset/empty are false; throws Error on anything else.
bool flag(std::string_view name);

/// "NAME=value" for a child's environment.
std::string assignment(std::string_view name, std::string_view value);

/// Parses `text` as number() does (exposed for tests and for values read elsewhere).
std::uint64_t parse_number(std::string_view name, std::string_view text, std::uint64_t max = UINT64_MAX);

/// Sets `name` to `value` for its lifetime and restores the previous value (or unsets it)
/// afterwards. Not thread-safe (the environment is process-wide).
class ScopedOverride {
 public:
  ScopedOverride(std::string_view name, const std::string& value);
  ~ScopedOverride();
  ScopedOverride(const ScopedOverride&) = delete;
  ScopedOverride& operator=(const ScopedOverride&) = delete;

 private:
  std::string name_;
  std::optional<std::string> saved_;
};

}  // namespace dslab::env
