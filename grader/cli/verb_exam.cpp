// `dslab exam LAB --submission DIR --student ID`: the oral-exam harness. Builds the submission in
// the grader's sandbox, runs the student's nodes in the node host, and opens a session in which
// examiner and student step a scenario picked for that student (grader/exam). `--plan` prints
// the exam-day sheet instead.
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cxxopts.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "grader/cli/paths.hpp"
#include "grader/cli/sandboxed_build.hpp"
#include "grader/cli/verb.hpp"
#include "grader/exam/exam.hpp"
#include "grader/exam/line_reader.hpp"
#include "grader/exam/registry.hpp"
#include "grader/grading/grade.hpp"
#include "grader/manifest/diagnostics.hpp"
#include "grader/sandbox/isolation.hpp"

namespace {
namespace fs = std::filesystem;
using namespace dslab;

std::atomic<bool> g_interrupted{false};
void on_signal(int /*signal*/) { g_interrupted.store(true); }

cxxopts::Options make_options() {
  cxxopts::Options o(
      "dslab exam",
      "The oral exam: the student's own nodes in a scenario picked for them, stepped together.\n"
      "usage: dslab exam LAB --submission DIR --student ID [--seed N] [--record FILE] [--script "
      "FILE]\n"
      "       dslab exam --plan --students FILE LAB      (the exam-day sheet)\n"
      "In the session, `help` lists the commands; Tab completes commands, nodes and pending\n"
      "numbers; Ctrl-D, Ctrl-C and `quit` end it and write the record (JSON), which\n"
      "`dslab ledger record-exam FILE` takes into the student's standing.");
  o.add_options()("lab", "lab id, e.g. lab3-paxos", cxxopts::value<std::string>())(
      "submission", "the student's files: a folder with one folder per lab (built in the sandbox)",
      cxxopts::value<std::string>())("student",
                                     "the student's id (with the seed, picks the scenarios)",
                                     cxxopts::value<std::string>())(
      "seed", "exam seed (the same student and seed get the same scenarios and questions)",
      cxxopts::value<std::uint64_t>()->default_value("1"))(
      "record", "where to write the record (default: exam-<student>-<lab>.json)",
      cxxopts::value<std::string>())(
      "script", "read the session's commands from this file instead of the terminal",
      cxxopts::value<std::string>())(
      "plan", "print the exam-day sheet for --students instead of examining")(
      "students", "with --plan: a file with one student id per line (# starts a comment)",
      cxxopts::value<std::string>())(
      "host",
      "run this already built node host instead of building --submission (e.g. the reference's)",
      cxxopts::value<std::string>())("backend",
                                     "sandbox of the node host: auto, bwrap, unshare or none",
                                     cxxopts::value<std::string>()->default_value("auto"))(
      "build-dir", "build tree holding bin/ and the prebuilt runtime",
      cxxopts::value<std::string>())("source", "source tree holding labs/",
                                     cxxopts::value<std::string>())("h,help", "show this help");
  o.parse_positional({"lab"});
  o.positional_help("LAB");
  return o;
}

std::vector<std::string> read_students(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read the students file " + file.string());
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    line = line.substr(0, line.find('#'));
    const auto first = line.find_first_not_of(" \t\r,");
    if (first == std::string::npos) continue;
    line = line.substr(first, line.find_first_of(" \t\r,", first) - first);
    out.push_back(line);
  }
  return out;
}

int plan(const exam::Bank& bank, const cxxopts::ParseResult& args) {
  if (args.count("students") == 0U) {
    std::cerr << "dslab exam: --plan needs --students FILE (dslab exam --help)\n";
    return 2;
  }
  const auto students = read_students(args["students"].as<std::string>());
  const auto seed = args["seed"].as<std::uint64_t>();
  std::cout << fmt::format("exam-day sheet: {}, seed {}, {} students\n", bank.lab, seed,
                           students.size());
  for (const auto& student : students) {
    const exam::Pick p = exam::pick(bank, student, seed);
    std::cout << fmt::format("\n== {}\n", student);
    for (const auto* s : p.scenarios)
      std::cout << fmt::format("  scenario: {} ({})\n", s->title, s->id);
    for (std::size_t i = 0; i < p.questions.size(); ++i) {
      std::cout << fmt::format("  {}. [{}] {}\n", i + 1, p.questions[i]->id, p.questions[i]->text);
    }
  }
  return 0;
}

sandbox::Backend parse_backend(const std::string& s) {
  if (s == "auto") return sandbox::Backend::kAuto;
  if (s == "bwrap") return sandbox::Backend::kBwrap;
  if (s == "unshare") return sandbox::Backend::kUnshare;
  if (s == "none") return sandbox::Backend::kNone;
  throw std::invalid_argument("--backend must be auto, bwrap, unshare or none");
}

// How the node host starts: sandboxed as in grading (its folder read-only), one process per
// node so a handler that crashes its process takes only that node down.
host::HostOptions host_options(const fs::path& host, sandbox::Backend backend) {
  host::HostOptions o;
  o.host_path = fs::absolute(host).string();
  o.process_per_node = true;
  o.call_timeout = std::chrono::milliseconds(3000);
  if (backend != sandbox::Backend::kNone) {
    const auto [first, last] = grading::sandbox_uid_range();
    const auto uid = static_cast<uid_t>(first + static_cast<uid_t>(getpid()) % (last - first + 1));
    constexpr int kSessionSeconds = 4 * 3600;
    o.launcher =
        grading::test_launcher(fs::absolute(host).parent_path(), kSessionSeconds, uid, backend);
  }
  return o;
}

void install_signals() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a read in progress returns
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaction(s, &action, nullptr);
}

// The session loop; returns how it ended.
std::string converse(exam::Exam& session, exam::LineReader& reader) {
  while (!g_interrupted.load()) {
    const auto line = reader.read(session.prompt());
    if (!line) break;
    if (!session.execute(*line)) return "quit";
  }
  return g_interrupted.load() ? "interrupt" : "end of input";
}

int examine(const exam::Bank& bank, const exam::LabEntry& lab, const cxxopts::ParseResult& args,
            const fs::path& source, const fs::path& build) {
  if (args.count("student") == 0U || (args.count("submission") == 0U && args.count("host") == 0U)) {
    std::cerr << "dslab exam: --student and --submission are required (dslab exam --help)\n";
    return 2;
  }
  const std::string student = args["student"].as<std::string>();
  const std::string submission =
      args.count("submission") != 0U ? args["submission"].as<std::string>() : "";
  std::unique_ptr<cli::SandboxedPrograms> programs;
  fs::path host;
  if (args.count("host") != 0U) {
    host = args["host"].as<std::string>();
  } else {
    programs = cli::build_in_sandbox({.verb = "exam",
                                      .source = source,
                                      .build_root = build,
                                      .lab = lab.lab,
                                      .submission = submission,
                                      .target = lab.lab + "_programs",
                                      .build_type = ""});
    if (!programs) return 2;
    host = programs->bin_dir() / lab.host_program;
  }
  if (!fs::exists(host)) {
    std::cerr << "dslab exam: node host " << host.string() << " not found\n";
    return 2;
  }
  const bool scripted = args.count("script") != 0U;
  exam::ExamSetup setup{.lab = lab.lab,
                        .student = student,
                        .seed = args["seed"].as<std::uint64_t>(),
                        .submission = submission.empty() ? host.string() : submission,
                        .bank = &bank,
                        .style = {.color = !scripted && isatty(STDOUT_FILENO) != 0}};
  const fs::path record_file = args.count("record") != 0U
                                   ? fs::path(args["record"].as<std::string>())
                                   : fs::path(fmt::format("exam-{}-{}.json", student, lab.lab));
  auto cluster = lab.make(host_options(host, parse_backend(args["backend"].as<std::string>())));
  cluster->set_interrupt(&g_interrupted);
  exam::Exam session(setup, std::move(cluster), std::cout);
  install_signals();
  std::ifstream script;
  std::unique_ptr<exam::LineReader> reader;
  if (scripted) {
    script.open(args["script"].as<std::string>());
    if (!script)
      throw std::runtime_error("cannot read the script " + args["script"].as<std::string>());
    reader = exam::LineReader::plain(script, stdout);
  } else {
    reader = exam::LineReader::terminal(
        [&](std::string_view before) { return session.complete(before); }, &g_interrupted);
  }
  std::string ended_by = "end of input";
  try {
    session.open();
    ended_by = converse(session, *reader);
  } catch (const exam::CommandError& e) {
    std::cout << "error: " << e.what() << "\n";
    ended_by = "scenario setup failed";
  }
  session.finish(ended_by);
  exam::write_record(session.record(), record_file);
  std::cout << fmt::format("session over ({}); verdict {}; record written to {}\n", ended_by,
                           exam::verdict_name(session.record().passed), record_file.string());
  return ended_by == "scenario setup failed" ? 1 : 0;
}

int exam_main(int argc, char** argv) {
  auto o = make_options();
  cxxopts::ParseResult args;
  try {
    args = o.parse(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "dslab exam: " << e.what() << " (dslab exam --help)\n";
    return 2;
  }
  if (args.count("help") != 0U) {
    std::cout << o.help() << "\n";
    return 0;
  }
  if (args.count("lab") == 0U) {
    std::cerr << "dslab exam: LAB is required, e.g. dslab exam lab3-paxos --submission DIR "
                 "--student ID\n";
    return 2;
  }
  const std::string lab = args["lab"].as<std::string>();
  const fs::path source =
      cli::source_root(args.count("source") != 0U ? args["source"].as<std::string>() : "");
  const fs::path build =
      cli::build_root(args.count("build-dir") != 0U ? args["build-dir"].as<std::string>() : "");
  const exam::LabEntry* entry = exam::find_lab(lab);
  if (entry == nullptr) {
    std::string known;
    for (const auto& e : exam::registered_labs()) known += (known.empty() ? "" : ", ") + e.lab;
    std::cerr << fmt::format("dslab exam: no exam harness for '{}' (labs with one: {})\n", lab,
                             known);
    return 2;
  }
  try {
    const exam::Bank bank = exam::load_bank(exam::bank_file(source, lab), lab);
    if (args.count("plan") != 0U) return plan(bank, args);
    return examine(bank, *entry, args, source, build);
  } catch (const manifest::ManifestError& e) {
    std::cerr << "dslab exam: the exam bank is invalid:\n" << e.what() << "\n";
    return 2;
  }
}

const dslab::cli::Registration registration{
    {"exam", "the oral exam: step a student's nodes through a scenario, ask, record pass/fail",
     exam_main}};

}  // namespace
