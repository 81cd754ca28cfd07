// One oral exam: the session around a Cluster. It runs the scenarios picked for the student,
// dispatches every line (cluster commands to the cluster; ask, note, mark, next, help, quit
// here), keeps the record, and offers completion. A bad command is one line of error and the
// session goes on. Not thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "grader/exam/bank.hpp"
#include "grader/exam/cluster.hpp"
#include "grader/exam/pick.hpp"
#include "grader/exam/record.hpp"

namespace dslab::exam {

/// Who and what is examined.
struct ExamSetup {
  std::string lab;
  std::string student;
  std::uint64_t seed = 1;
  std::string submission;
  const Bank* bank = nullptr;  ///< must outlive the exam
  Style style;
};

class Exam {
 public:
  /// Picks the scenarios and questions; nothing runs before open().
  Exam(ExamSetup setup, std::unique_ptr<Cluster> cluster, std::ostream& out);

  /// Prints who and what, and begins the first scenario. Throws CommandError when the
  /// scenario's setup cannot run (a broken bank).
  void open();
  /// Runs one line. False when the session is over (quit).
  bool execute(const std::string& line);
  /// Ends the session: the record gets its end time and how it ended ("quit", "end of input",
  /// "interrupt").
  void finish(const std::string& ended_by);

  const Record& record() const { return record_; }
  const Pick& picked() const { return pick_; }
  /// Every command (built-in and the lab's), for help and completion.
  std::vector<CommandInfo> commands() const;
  /// Candidates for the word being typed at the end of `before_cursor`.
  std::vector<std::string> complete(std::string_view before_cursor) const;
  /// "exam lab3-paxos t=12.000ms, 3 pending> ".
  std::string prompt() const;
  Cluster& cluster() { return *cluster_; }

 private:
  void run_line(const Command& command);
  void begin_scenario(std::size_t index);
  void ask();
  void help(const Command& command);
  double elapsed() const;

  ExamSetup setup_;
  std::unique_ptr<Cluster> cluster_;
  std::ostream& out_;
  Pick pick_;
  Record record_;
  std::size_t scenario_ = 0;
  std::size_t next_question_ = 0;
  std::chrono::steady_clock::time_point started_;
  bool over_ = false;
};

/// "2026-12-03T09:14:00Z" for now.
std::string utc_now();

}  // namespace dslab::exam
