// Trace export, replay printing and divergence reports of the seed loops.
#include "runtime/testing/check.hpp"

#include <fmt/format.h>

#include <iostream>

#include "runtime/env/env.hpp"
#include "runtime/viewer/viewer.hpp"

namespace dslab::labkit {

void export_trace(const trace::Recorder& trace) {
  const std::string path = env::text_or(env::kTraceOut, "");
  if (path.empty()) return;
  std::ofstream out(path);
  trace.write_json_lines(out);
}

void export_picture(std::uint64_t seed, const trace::Recorder& trace, int nodes) {
  const auto path = env::text(env::kHtmlOut);
  if (!path) return;
  const viewer::RunPage page{
      .title = fmt::format("{}  {}  seed={}", current_lab(), current_test(), seed),
      .failure = "",
      .property = "",
      .replay = replay_command(seed),
      .nodes = nodes,
      .events = viewer::events_json(trace.events())};
  const std::string error = viewer::write_page(*path, viewer::render_run(page));
  if (!error.empty()) std::cerr << "dslab: no picture of this run: " << error << "\n";
  else std::cout << "picture: " << *path << " (open it in a browser)\n";
}

void print_replayed(std::uint64_t seed, const trace::Recorder& trace, int nodes) {
  std::cout << "seed " << seed << " passed; trace:\n"
            << trace::render_text(trace.events(), {nodes, 0, 10, true});
}

::testing::AssertionResult report_divergence(std::uint64_t seed, const std::string& kind,
                                             const trace::Recorder& first,
                                             const trace::Recorder& second, int nodes) {
  const auto d = trace::first_divergence(first.events(), second.events());
  FailedRun run;
  run.seed = seed;
  run.kind = kind;
  run.nodes = nodes;
  const std::string where = d ? d->describe() : std::string("the trace hashes differ");
  if (kind == "isolation") {
    run.message = fmt::format(
        "nodes share memory or keep state outside stable storage: the run with one process per "
        "node diverged at {}\n  (run 1: every node in one host process; run 2: one process per "
        "node, restarted on a crash)",
        where);
    // The trace of the per-node run, up to and including the event where it diverged.
    const std::size_t upto = d ? std::min<std::size_t>(d->index + 1, second.events().size()) : 0;
    run.events = std::span<const trace::Event>(second.events()).first(upto);
    if (d && d->second) run.at = d->second->time;
    else if (d && d->first) run.at = d->first->time;
  } else {
    run.message = fmt::format(
        "the same seed gave two different runs; {}\n  a node must depend only on its messages, "
        "timers, ctx.random() and ctx.now()",
        where);
  }
  return report_failure(run);
}

}  // namespace dslab::labkit
