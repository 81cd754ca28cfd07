// Speed of the model checker on lab 3's reference (the solution linked in-process, and the same
// code through the node host): the hidden safety search (two competing proposers on 3 nodes)
// breadth-first to a depth, and random probes. Counters: distinct states per second, states,
// transitions, bytes of one state's encoding. Run: build/ci/bin/lab3_mc_bench.
#include <benchmark/benchmark.h>

#include <memory>

#include "labs/lab3-paxos/tests/hidden/search.hpp"
#include "node.hpp"
#include "runtime/engine/inprocess.hpp"
#include "runtime/host/host_engine.hpp"

namespace lab3::checks {
namespace {

namespace mc = dslab::mc;

std::unique_ptr<dslab::engine::Engine<Protocol>> make_engine(bool host) {
  if (!host) return std::make_unique<dslab::engine::InProcessEngine<PaxosNode>>();
  dslab::host::HostOptions defaults;
  defaults.host_path = DSLAB_LAB_HOST;  // DSLAB_STUDENT_BIN=<variant dir> measures a variant
  return std::make_unique<dslab::host::HostEngine<Protocol>>(
      dslab::host::options_from_env(defaults));
}

void report(benchmark::State& st, const mc::Result& r, std::uint64_t states, std::size_t bytes) {
  st.counters["states/s"] = benchmark::Counter(static_cast<double>(states),
                                               benchmark::Counter::kIsRate);
  st.counters["states"] = static_cast<double>(r.states);
  st.counters["transitions"] = static_cast<double>(r.transitions);
  st.counters["depth"] = r.depth;
  st.counters["state_bytes"] = static_cast<double>(bytes);
}

// Breadth-first search of the hidden safety model to `depth` (arg 0); arg 1: 1 = node host.
void BM_Bfs(benchmark::State& st) {
  const int depth = static_cast<int>(st.range(0));
  auto engine = make_engine(st.range(1) != 0);
  mc::Result r;
  std::uint64_t states = 0;
  std::size_t bytes = 0;
  for (auto _ : st) {
    mc::Explorer<Protocol> explorer(*engine, search::competing_proposers({}, {}));
    bytes = dslab::codec::encode(explorer.initial()).size();
    r = mc::bfs(explorer, {search::consensus()}, {},
                {.depth = depth, .states = 50'000'000, .time = std::chrono::minutes(10)});
    states += r.states;
  }
  report(st, r, states, bytes);
}

// Random walks of 60 steps with a duplicate and a crash (arg 0 walks); arg 1: 1 = node host.
void BM_Probe(benchmark::State& st) {
  auto engine = make_engine(st.range(1) != 0);
  mc::Result r;
  std::uint64_t states = 0;
  for (auto _ : st) {
    mc::Explorer<Protocol> explorer(
        *engine, search::competing_proposers({.duplicates = 1, .crashes = 1}, {.max_copies = 2}));
    r = mc::probe(explorer, {search::consensus()}, {},
                  {.walks = static_cast<std::uint64_t>(st.range(0)), .depth = 60, .seed = 1});
    states += r.states;
  }
  report(st, r, states, 0);
}

BENCHMARK(BM_Bfs)->Args({9, 0})->Args({11, 0})->Args({9, 1})->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Probe)->Args({300, 0})->Args({300, 1})->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace lab3::checks

BENCHMARK_MAIN();
