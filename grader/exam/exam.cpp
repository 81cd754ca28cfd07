// The oral-exam session (see exam.hpp).
#include "grader/exam/exam.hpp"

#include <fmt/format.h>

#include <cmath>
#include <ctime>

namespace dslab::exam {

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

Exam::Exam(ExamSetup setup, std::unique_ptr<Cluster> cluster, std::ostream& out)
    : setup_(std::move(setup)), cluster_(std::move(cluster)), out_(out) {
  if (setup_.bank == nullptr) throw std::invalid_argument("Exam needs a bank");
  pick_ = pick(*setup_.bank, setup_.student, setup_.seed);
  cluster_->set_style(setup_.style);
  record_.student = setup_.student;
  record_.lab = setup_.lab;
  record_.seed = setup_.seed;
  record_.submission = setup_.submission;
  for (const Scenario* s : pick_.scenarios) record_.scenarios.push_back(s->id);
  for (const Question* q : pick_.questions) record_.questions.push_back({q->id, q->text, false});
  started_ = std::chrono::steady_clock::now();
  record_.started_at = utc_now();
}

void Exam::open() {
  out_ << fmt::format("oral exam: {}  student {}  seed {}\n", setup_.lab, setup_.student,
                      setup_.seed);
  out_ << fmt::format("{} scenario(s) and {} question(s) picked; `help` lists the commands\n",
                      pick_.scenarios.size(), pick_.questions.size());
  begin_scenario(0);
}

void Exam::begin_scenario(std::size_t index) {
  scenario_ = index;
  const Scenario& s = *pick_.scenarios.at(index);
  out_ << fmt::format("\n== scenario {}/{}: {} ({})\n", index + 1, pick_.scenarios.size(), s.title,
                      s.id);
  if (!s.brief.empty()) out_ << "   " << s.brief << "\n";
  cluster_->begin(s, setup_.seed, out_);
  for (const auto& e : cluster_->setup_errors()) record_.setup_errors.push_back(e);
  out_ << "-- the scenario is set up; over to the student\n";
}

double Exam::elapsed() const {
  const std::chrono::duration<double> d = std::chrono::steady_clock::now() - started_;
  return std::round(d.count() * 10) / 10;
}

std::vector<CommandInfo> Exam::commands() const {
  std::vector<CommandInfo> all = builtin_commands();
  for (auto& c : cluster_->lab_commands()) all.push_back(std::move(c));
  return all;
}

std::vector<std::string> Exam::complete(std::string_view before_cursor) const {
  return exam::complete(commands(), before_cursor, cluster_->completion());
}

std::string Exam::prompt() const {
  return fmt::format("exam {} {}> ", setup_.lab, cluster_->status());
}

bool Exam::execute(const std::string& line) {
  if (over_) return false;
  const Command c = parse_command(line);
  if (c.name.empty()) return true;
  RecordedCommand rc{elapsed(), pick_.scenarios.at(scenario_)->id, c.line, ""};
  try {
    run_line(c);
  } catch (const CommandError& e) {
    rc.error = e.what();
    out_ << "error: " << e.what() << "\n";
  } catch (const std::exception& e) {  // the harness's own failure: still one line, go on
    rc.error = std::string("internal: ") + e.what();
    out_ << "error: " << rc.error << "\n";
  }
  record_.commands.push_back(std::move(rc));
  out_.flush();
  return !over_;
}

void Exam::run_line(const Command& c) {
  if (c.name == "quit" || c.name == "exit") {
    over_ = true;
    return;
  }
  if (c.name == "help") return help(c);
  if (c.name == "ask") return ask();
  if (c.name == "note") {
    if (c.rest.empty()) throw CommandError("usage: note <text>");
    record_.notes.push_back({elapsed(), c.rest});
    out_ << "noted\n";
    return;
  }
  if (c.name == "mark") {
    if (c.args.size() != 1 || (c.args[0] != "pass" && c.args[0] != "fail"))
      throw CommandError("usage: mark pass|fail");
    record_.passed = c.args[0] == "pass";
    out_ << fmt::format("verdict: {} (the record is written at quit)\n", c.args[0]);
    return;
  }
  if (c.name == "next") {
    if (scenario_ + 1 >= pick_.scenarios.size())
      throw CommandError("this is the last scenario picked for this student");
    begin_scenario(scenario_ + 1);
    return;
  }
  if (!cluster_->run(c, out_))
    throw CommandError(fmt::format("unknown command '{}' (help lists the commands)", c.name));
}

void Exam::ask() {
  if (next_question_ >= pick_.questions.size())
    throw CommandError("every picked question has been asked");
  const Question& q = *pick_.questions[next_question_];
  record_.questions[next_question_].asked = true;
  ++next_question_;
  out_ << fmt::format("question {}/{} ({}):\n  {}\n", next_question_, pick_.questions.size(), q.id,
                      q.text);
}

void Exam::help(const Command& c) {
  if (c.args.size() > 1) throw CommandError("usage: help [command]");
  if (!c.args.empty() && c.args[0] == "until") {
    out_ << "run until <condition>, where the condition is one of:\n"
         << "  time <t>              the clock reaches t (500ms, 2s)\n"
         << "  output <Type>         a node outputs Type\n"
         << "  sent <Type>           a node sends a message of Type\n"
         << "  delivered <Type>      a message of Type is delivered\n"
         << "  quiet                 no message is in flight (timers may be)\n";
    for (const auto& line : cluster_->condition_help()) out_ << line << "\n";
    return;
  }
  out_ << help_text(commands(), c.args.empty() ? "" : c.args[0]);
}

void Exam::finish(const std::string& ended_by) {
  over_ = true;
  record_.ended_by = ended_by;
  record_.ended_at = utc_now();
  record_.duration_seconds = elapsed();
}

}  // namespace dslab::exam
