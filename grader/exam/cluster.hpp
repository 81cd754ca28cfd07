// The lab-independent face of an exam cluster: what the session (exam.hpp) asks of the
// student's nodes, whatever the lab's protocol. cluster_session.hpp implements it per protocol.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "grader/exam/bank.hpp"
#include "grader/exam/command.hpp"

namespace dslab::exam {

/// How a session prints: colour (changes highlighted) only on a terminal.
struct Style {
  bool color = false;
};

/// One scenario's cluster of student nodes. Not thread-safe.
class Cluster {
 public:
  virtual ~Cluster() = default;

  /// Builds `scenario`'s cluster (a fresh set of nodes, network from `seed`) and runs its
  /// setup lines; one that cannot run is printed as a setup error and skipped.
  virtual void begin(const Scenario& scenario, std::uint64_t seed, std::ostream& out) = 0;
  /// Runs `command` if it is a cluster command (printing what happened) and returns true; false
  /// when it is not one. Throws CommandError for bad arguments or a move that cannot be made.
  virtual bool run(const Command& command, std::ostream& out) = 0;

  /// The setup lines of the current scenario that could not run, one line each.
  virtual const std::vector<std::string>& setup_errors() const = 0;
  /// The lab's own commands (environment inputs such as `client`), for help and completion.
  virtual std::vector<CommandInfo> lab_commands() const = 0;
  /// The lab's `run until` conditions, one line each ("decided  some node output Decided").
  virtual std::vector<std::string> condition_help() const = 0;
  /// What completion offers now (node ids, pending numbers, condition words).
  virtual CompletionContext completion() const = 0;
  /// "t=12.000ms, 3 pending" for the prompt.
  virtual std::string status() const = 0;

  /// Polled during long runs: when it returns true, `run until` stops early.
  void set_interrupt(const std::atomic<bool>* flag) { interrupt_ = flag; }
  void set_style(Style style) { style_ = style; }

 protected:
  bool interrupted() const { return interrupt_ != nullptr && interrupt_->load(); }
  const std::atomic<bool>* interrupt_ = nullptr;
  Style style_;
};

}  // namespace dslab::exam
