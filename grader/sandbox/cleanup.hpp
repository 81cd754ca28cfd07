// What a grader leaves behind if it is stopped: a registry of its staging directories, control
// groups and process groups, cleaned by a SIGTERM/SIGINT/SIGHUP handler; and the sweep that
// removes what a grader killed with SIGKILL left (run at the next start).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dslab::sandbox::cleanup {

/// What to undo for one registered item.
enum class Kind {
  kDirectory,     ///< remove_all(path)
  kCgroup,        ///< kill every process in the group at `path`, then rmdir it
  kProcessGroup,  ///< kill(-pgid, SIGKILL)
};

/// An item that is undone if the process is stopped while it is registered. Move-only; the
/// destructor unregisters it (the owner cleans it up on the normal path). Thread-safe.
class Registration {
 public:
  Registration() = default;
  Registration(Kind kind, std::filesystem::path path, pid_t pgid = 0);
  Registration(Registration&& other) noexcept;
  Registration& operator=(Registration&& other) noexcept;
  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;
  ~Registration();

 private:
  std::uint64_t id_ = 0;
};

/// Blocks SIGTERM, SIGINT and SIGHUP in the calling thread (call it before any other thread
/// starts, so every thread inherits the mask) and starts a thread that waits for them. On one,
/// it kills the registered process groups and control groups, removes the registered
/// directories and groups, then ends the process by that signal. Idempotent.
void install_stop_handlers();

/// Undoes every registered item now (what the stop handler does before the process ends).
/// From then on, a thread that registers or unregisters an item waits forever: call it only
/// on the way out.
void run_all();

/// The pid in a name "<prefix><pid>-..." ("dslab-grade-1234-lab2-x" with prefix
/// "dslab-grade-"), or 0 when the name is not of that shape.
pid_t owner_pid(const std::string& name, const std::string& prefix);

/// True when no process `pid` exists.
bool is_dead(pid_t pid);

/// Removes the entries of `dir` named "<prefix><pid>-..." whose pid is dead (what a grader
/// killed by SIGKILL left in its temporary directory). Returns the paths removed.
std::vector<std::filesystem::path> sweep_directories(const std::filesystem::path& dir,
                                                     const std::string& prefix);

}  // namespace dslab::sandbox::cleanup
