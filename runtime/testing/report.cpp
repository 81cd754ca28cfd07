// Failure reports and replay commands for simulated tests.
#include "runtime/testing/report.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <vector>

#include "runtime/env/env.hpp"
#include "runtime/testing/facts.hpp"
#include "runtime/testing/seeds.hpp"
#include "runtime/trace/excerpt.hpp"
#include "runtime/viewer/viewer.hpp"

namespace dslab::labkit {
namespace {
std::string& default_lab() {
  static std::string lab = "runtime";
  return lab;
}

// The line that explains a failed run (the grader's reason): "<kind> at t=<time>: <message>".
std::string reason(const FailedRun& run) {
  if (run.kind == "nondeterministic") return run.message;
  return fmt::format("{} at t={}: {}", run.kind, format_time(run.at), run.message);
}

bool shows_trace(const FailedRun& run) {
  return run.kind != "nondeterministic" || !run.events.empty();
}

// The trace excerpt around the violation (the named nodes, the faults, the last few events).
std::string trace_section(const FailedRun& run) {
  return trace::failure_excerpt(run.events, run.nodes, replaying(),
                                {.nodes = run.focus, .budget = run.tail});
}

}  // namespace

std::string join_or_none(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out.empty() ? "(none)" : out;
}

std::string join_delays(const std::vector<Duration>& delays) {
  std::vector<std::string> parts;
  for (const Duration d : delays) parts.push_back(format_time(d));
  return join_or_none(parts);
}

void set_default_lab(const char* lab) { default_lab() = lab; }

std::string current_lab() { return env::text_or(env::kLab, default_lab()); }

std::string current_test() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (info == nullptr) return "";
  return fmt::format("{}.{}", info->test_suite_name(), info->name());
}

std::string replay_command(std::uint64_t seed) {
  return fmt::format("{} replay {} {} --seed {}", env::text_or(env::kReplayProgram, "dslab"),
                     current_lab(), current_test(), seed);
}

std::string format_failure(const FailedRun& run) {
  const bool nondeterministic = run.kind == "nondeterministic";
  std::string out = fmt::format("{} {}  {}  seed={}", nondeterministic ? "NONDETERMINISTIC" : "FAIL",
                                current_lab(), current_test(), run.seed);
  if (run.seeds > 0) out += fmt::format("  ({} seeds)", run.seeds);
  out += fmt::format("\n  {}\n", reason(run));
  if (!run.property.empty()) out += fmt::format("  property: {}\n", run.property);
  if (shows_trace(run)) out += trace_section(run);
  out += fmt::format("  replay: {}\n", replay_command(run.seed));
  if (!run.picture.empty()) out += fmt::format("  picture: {} (open it in a browser)\n", run.picture);
  return out;
}

bool pictures_wanted() { return env::text(env::kHtmlOut) || env::text(env::kHtmlDir); }

std::string write_picture(const FailedRun& run) {
  if (run.events.empty() || !pictures_wanted()) return "";
  std::filesystem::path path;
  if (const auto out = env::text(env::kHtmlOut)) {
    path = *out;
  } else {
    path = std::filesystem::path(*env::text(env::kHtmlDir)) /
           viewer::page_file_name(current_lab(), current_test(), run.seed);
  }
  viewer::RunPage page{
      .title = fmt::format("{}  {}  seed={}", current_lab(), current_test(), run.seed),
      .failure = reason(run),
      .property = run.property,
      .replay = replay_command(run.seed),
      .nodes = run.nodes,
      .events = viewer::events_json(run.events)};
  const std::string error = viewer::write_page(path, viewer::render_run(page));
  if (!error.empty()) {
    std::cerr << "dslab: no picture of this run: " << error << "\n";
    return "";
  }
  return path.string();
}

::testing::AssertionResult report_failure(const FailedRun& failed) {
  FailedRun run = failed;
  run.picture = write_picture(run);
  // The grader reads these facts from the JSON result file, never the text below.
  record_facts(Facts{.kind = run.kind,
                     .property = run.property,
                     .message = reason(run),
                     .seed = run.seed,
                     .replay = replay_command(run.seed),
                     .trace_excerpt = shows_trace(run) ? trace_section(run) : ""});
  return ::testing::AssertionFailure() << "\n" << format_failure(run);
}

std::string format_failure(const FailedRow& row) {
  std::string out = fmt::format("row {}", row.number);
  if (!row.what.empty()) out += fmt::format(" ({})", row.what);
  return out + ": " + row.problem + "\n  (the rows after it were not run)";
}

::testing::AssertionResult report_failure(const FailedRow& row) {
  const std::string text = format_failure(row);
  record_facts(Facts{.kind = "table", .message = text});
  return ::testing::AssertionFailure() << text;
}

::testing::AssertionResult report_failure(const FailedCheck& check) {
  record_facts(Facts{.kind = check.kind, .message = check.message});
  return ::testing::AssertionFailure() << check.message;
}

std::string failure_report(std::uint64_t seed, const std::string& kind, const std::string& message,
                           Time at, const trace::Recorder& trace, int nodes, std::size_t tail) {
  FailedRun run;
  run.seed = seed;
  run.kind = kind;
  run.message = message;
  run.at = at;
  run.events = trace.events();
  run.nodes = nodes;
  run.tail = tail;
  return format_failure(run);
}

}  // namespace dslab::labkit
