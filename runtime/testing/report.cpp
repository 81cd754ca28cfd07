// Failure reports and replay commands for simulated tests.
#include "runtime/testing/report.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "runtime/testing/seeds.hpp"

namespace dslab::labkit {
namespace {
std::string& default_lab() {
  static std::string lab = "runtime";
  return lab;
}
}  // namespace

void set_default_lab(const char* lab) { default_lab() = lab; }

std::string current_lab() { return env_or("DSLAB_LAB", default_lab()); }

std::string current_test() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (info == nullptr) return "";
  return fmt::format("{}.{}", info->test_suite_name(), info->name());
}

std::string replay_command(std::uint64_t seed) {
  return fmt::format("dslab replay {} {} --seed {}", current_lab(), current_test(), seed);
}

std::string failure_report(std::uint64_t seed, const std::string& kind, const std::string& message,
                           Time at, const trace::Recorder& trace, int nodes, std::size_t tail) {
  const bool whole = replaying();
  std::string out = fmt::format("FAIL {}  {}  seed={}\n  {} at t={}: {}\n", current_lab(),
                                current_test(), seed, kind, format_time(at), message);
  const auto& events = trace.events();
  if (events.empty()) {
    out += "  (no trace recorded: replay the seed to see it)\n";
  } else {
    const std::size_t shown = whole ? events.size() : std::min(tail, events.size());
    out += fmt::format("  trace (last {} of {} events{}):\n", shown, events.size(),
                       whole ? "" : "; the replay shows all");
    trace::RenderOptions options;
    options.nodes = nodes;
    options.last = shown;
    out += trace::render_text(events, options);
  }
  out += fmt::format("  replay: {}\n", replay_command(seed));
  return out;
}

}  // namespace dslab::labkit
