// `dslab ledger`: show and export per-student standing, enter project/exam grades, record grades.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

#include <cxxopts.hpp>
#include <fmt/format.h>

#include "grader/cli/paths.hpp"
#include "grader/cli/verb.hpp"
#if DSLAB_HAS_EXAM  // the instructor build; the published grader has no exam harness
#include "grader/exam/record.hpp"
#endif
#include "grader/ledger/standing_render.hpp"
#include "grader/ledger/store.hpp"
#include "grader/manifest/diagnostics.hpp"
#include "grader/report/render.hpp"

namespace {

using namespace dslab;

constexpr const char* kUsage =
    "usage: dslab ledger <command> [options]   (dslab ledger <command> --help)\n\n"
    "commands:\n"
    "  show        per-student standing: lab scores, penalties, slip days, course grade parts\n"
    "  export      the standings of everyone as CSV (gradebook) or JSON\n"
    "  set-grade   enter a student's project and/or exam grade (0-100)\n"
    "  record      record a graded submission from a `dslab grade --format json` report\n"
    "  record-exam record an oral exam's verdict from a `dslab exam` record (JSON)\n";

void add_common(cxxopts::Options& o) {
  o.add_options()("ledger", "ledger file (JSON)", cxxopts::value<std::string>()->default_value("ledger.json"))(
      "course", "course file (TOML; default: course.toml of --source, as for dslab grade)",
      cxxopts::value<std::string>()->default_value(""))(
      "source", "course tree holding course.toml (default: $DSLAB_SOURCE, else dslab's own tree)",
      cxxopts::value<std::string>()->default_value(""))(
      "h,help", "show this help");
}

// Parses options; prints help and returns nullopt when --help was given.
std::optional<cxxopts::ParseResult> parse(cxxopts::Options& o, int argc, char** argv) {
  auto result = o.parse(argc, argv);
  if (result.count("help") != 0) {
    std::cout << o.help() << "\n";
    return std::nullopt;
  }
  if (!result.unmatched().empty()) throw cxxopts::exceptions::exception("unexpected argument '" + result.unmatched()[0] + "'");
  return result;
}

// --course, else course.toml of --source (cli::course_file: the same rule as dslab grade).
std::filesystem::path course_of(const cxxopts::ParseResult& args) {
  return cli::course_file(args["course"].as<std::string>(), args["source"].as<std::string>());
}

void write_out(const std::string& text, const std::string& out_file) {
  if (out_file.empty() || out_file == "-") {
    std::cout << text;
    return;
  }
  std::ofstream out(out_file, std::ios::binary);
  if (!out || !(out << text)) throw std::runtime_error("cannot write " + out_file);
}

std::vector<ledger::StudentStanding> standings(const manifest::Course& course, const ledger::Ledger& l,
                                               const std::string& student) {
  if (student.empty()) return ledger::compute_standings(course, l);
  if (course.find_student(student) == nullptr && l.students.count(student) == 0) {
    throw ledger::LedgerError(fmt::format("no student \"{}\" in the roster or the ledger", student));
  }
  return {ledger::compute_standing(course, l, student)};
}

int show(int argc, char** argv) {
  cxxopts::Options o("dslab ledger show", "Per-student standing: each lab's score, penalty, final grade, "
                                          "passed?, slip days used/remaining, and the course grade parts.");
  add_common(o);
  o.add_options()("student", "only this student", cxxopts::value<std::string>()->default_value(""))(
      "format", "table | json | markdown", cxxopts::value<std::string>()->default_value("table"));
  const auto args = parse(o, argc, argv);
  if (!args) return 0;
  const auto course = manifest::load_course(course_of(*args));
  const auto l = ledger::LedgerStore((*args)["ledger"].as<std::string>()).load();
  const auto all = standings(course, l, (*args)["student"].as<std::string>());
  const auto format = (*args)["format"].as<std::string>();
  if (format == "table") {
    std::cout << ledger::render_standings_table(course, all);
  } else if (format == "json") {
    std::cout << ledger::standings_json(course, all).dump(2) << "\n";
  } else if (format == "markdown") {
    std::cout << ledger::render_standings_markdown(course, all);
  } else {
    throw cxxopts::exceptions::exception("--format must be table, json or markdown, got '" + format + "'");
  }
  return 0;
}

int export_standings(int argc, char** argv) {
  cxxopts::Options o("dslab ledger export", "The standings of every student, for a gradebook.");
  add_common(o);
  o.add_options()("format", "csv | json", cxxopts::value<std::string>()->default_value("csv"))(
      "out", "output file (default: stdout)", cxxopts::value<std::string>()->default_value(""));
  const auto args = parse(o, argc, argv);
  if (!args) return 0;
  const auto format = (*args)["format"].as<std::string>();
  if (format != "csv" && format != "json") {
    throw cxxopts::exceptions::exception("--format must be csv or json, got '" + format + "'");
  }
  const auto course = manifest::load_course(course_of(*args));
  const auto all = ledger::compute_standings(course, ledger::LedgerStore((*args)["ledger"].as<std::string>()).load());
  write_out(format == "csv" ? ledger::render_standings_csv(course, all) : ledger::standings_json(course, all).dump(2) + "\n",
            (*args)["out"].as<std::string>());
  return 0;
}

std::optional<double> optional_grade(const cxxopts::ParseResult& args, const char* key) {
  if (args.count(key) == 0) return std::nullopt;
  return args[key].as<double>();
}

int set_grade(int argc, char** argv) {
  cxxopts::Options o("dslab ledger set-grade", "Enter a student's mini-project and/or final exam grade (0-100).");
  add_common(o);
  o.add_options()("student", "student id (required)", cxxopts::value<std::string>())(
      "project", "project grade 0-100", cxxopts::value<double>())("exam", "exam grade 0-100", cxxopts::value<double>());
  const auto args = parse(o, argc, argv);
  if (!args) return 0;
  if (args->count("student") == 0) throw cxxopts::exceptions::exception("--student is required");
  const auto project = optional_grade(*args, "project");
  const auto exam = optional_grade(*args, "exam");
  if (!project && !exam) throw cxxopts::exceptions::exception("give --project and/or --exam");
  const auto course = manifest::load_course(course_of(*args));
  const auto student = (*args)["student"].as<std::string>();
  ledger::LedgerStore((*args)["ledger"].as<std::string>()).update(course, [&](ledger::Ledger& l) {
    ledger::set_grades(l, course, student, project, exam);
  });
  std::cout << fmt::format("{}: project {} exam {}\n", student, project ? fmt::format("{}", *project) : "unchanged",
                           exam ? fmt::format("{}", *exam) : "unchanged");
  return 0;
}

const report::LabResult& pick_lab(const report::GradeReport& r, const std::string& lab) {
  for (const auto& l : r.labs) {
    if (l.lab == lab || (lab.empty() && r.labs.size() == 1)) return l;
  }
  throw cxxopts::exceptions::exception(lab.empty() ? "the report holds several labs: give --lab"
                                                   : "the report has no lab '" + lab + "'");
}

report::GradeReport read_report(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read report " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  try {
    return report::report_from_json(nlohmann::json::parse(buf.str()));
  } catch (const nlohmann::json::parse_error& e) {
    throw std::invalid_argument(fmt::format("report {} is not JSON: {}", path, e.what()));
  }
}

int record(int argc, char** argv) {
  cxxopts::Options o("dslab ledger record",
                     "Record a graded submission. The submission time is the time the grading side received the "
                     "push (never a commit date).");
  add_common(o);
  o.add_options()("report", "grade report JSON (required)", cxxopts::value<std::string>())(
      "student", "student id, or group id for a group lab (required)", cxxopts::value<std::string>())(
      "lab", "lab id (needed when the report holds several)", cxxopts::value<std::string>()->default_value(""))(
      "submitted-at", "RFC 3339 time with offset (default: the report's submitted_at)",
      cxxopts::value<std::string>()->default_value(""))(
      "late-request", "the student asked for this submission to count after the deadline "
                      "(student/<lab>/SUBMIT_LATE in the commit, or on the instructor's decision)");
  const auto args = parse(o, argc, argv);
  if (!args) return 0;
  if (args->count("report") == 0 || args->count("student") == 0) {
    throw cxxopts::exceptions::exception("--report and --student are required");
  }
  const auto rep = read_report((*args)["report"].as<std::string>());
  const auto& lab = pick_lab(rep, (*args)["lab"].as<std::string>());
  if (lab.seeds_at_most != 0) {
    throw std::invalid_argument(fmt::format(
        "{} in {} is a quick grade (at most {} seeds of each randomized test: dslab grade "
        "--seeds-at-most); only an official grade can be recorded", lab.lab,
        (*args)["report"].as<std::string>(), lab.seeds_at_most));
  }
  std::string at = (*args)["submitted-at"].as<std::string>();
  if (at.empty()) at = rep.submitted_at;
  if (at.empty()) throw cxxopts::exceptions::exception("the report has no submitted_at: give --submitted-at");
  ledger::Submission sub;
  sub.submitted_at = manifest::parse_instant(at);
  sub.graded_at = rep.graded_at;
  sub.score = lab.score;
  sub.pass_threshold = lab.pass_threshold;
  sub.report_digest = report::report_digest(rep);
  sub.late_request = args->count("late-request") != 0U;
  const auto course = manifest::load_course(course_of(*args));
  std::vector<std::string> charged;
  ledger::LedgerStore((*args)["ledger"].as<std::string>()).update(course, [&](ledger::Ledger& l) {
    charged = ledger::record_submission(l, course, lab.lab, (*args)["student"].as<std::string>(), sub);
  });
  std::cout << fmt::format("recorded {} score {} submitted {} for {}\n", lab.lab, lab.score,
                           manifest::format_utc(sub.submitted_at), fmt::join(charged, ", "));
  return 0;
}

#if DSLAB_HAS_EXAM
int record_exam(int argc, char** argv) {
  cxxopts::Options o("dslab ledger record-exam",
                     "Record an oral exam (pass/fail) in the student's standing from the record `dslab exam` wrote.\n"
                     "usage: dslab ledger record-exam RECORD.json [--ledger FILE]");
  add_common(o);
  o.add_options()("record", "the exam record (JSON)", cxxopts::value<std::string>());
  o.parse_positional({"record"});
  const auto args = parse(o, argc, argv);
  if (!args) return 0;
  if (args->count("record") == 0) throw cxxopts::exceptions::exception("the exam record file is required");
  const std::string file = (*args)["record"].as<std::string>();
  const exam::Record r = exam::read_record(file);
  if (!r.passed) {
    throw std::invalid_argument(fmt::format("{} has no verdict (the examiner never typed mark pass|fail): "
                                            "nothing to record", file));
  }
  ledger::OralExam oral;
  oral.passed = *r.passed;
  oral.examined_at = r.ended_at;
  oral.seed = r.seed;
  oral.scenarios = r.scenarios;
  oral.record = file;
  const auto course = manifest::load_course(course_of(*args));
  ledger::LedgerStore((*args)["ledger"].as<std::string>()).update(course, [&](ledger::Ledger& l) {
    ledger::record_oral(l, course, r.lab, r.student, oral);
  });
  std::cout << fmt::format("recorded the oral exam of {} for {}: {}\n", r.lab, r.student, *r.passed ? "pass" : "fail");
  return 0;
}

#endif  // DSLAB_HAS_EXAM

int ledger_main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    (argc < 2 ? std::cerr : std::cout) << kUsage;
    return argc < 2 ? 2 : 0;
  }
  const std::string cmd = argv[1];
  std::string prog = std::string(argv[0]) + " " + cmd;
  argv[1] = prog.data();
  try {
    if (cmd == "show") return show(argc - 1, argv + 1);
    if (cmd == "export") return export_standings(argc - 1, argv + 1);
    if (cmd == "set-grade") return set_grade(argc - 1, argv + 1);
    if (cmd == "record") return record(argc - 1, argv + 1);
#if DSLAB_HAS_EXAM
    if (cmd == "record-exam") return record_exam(argc - 1, argv + 1);
#endif
  } catch (const cxxopts::exceptions::exception& e) {
    std::cerr << "dslab ledger " << cmd << ": " << e.what() << " (see --help)\n";
    return 2;
  } catch (const manifest::ManifestError& e) {
    std::cerr << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "dslab ledger " << cmd << ": error: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "dslab ledger: unknown command '" << cmd << "'\n\n" << kUsage;
  return 2;
}

const dslab::cli::Registration kRegistration{
    {"ledger", "slip-day ledger: show/export standings, set project/exam grades, record grades and oral exams", ledger_main}};

}  // namespace
