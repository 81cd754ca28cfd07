// Benchmarks of the similarity check: the class-sized run (200 submissions of about 1,000 lines,
// both cores) and the measurement behind the default k and w (how far apart disguised copies and
// independent implementations of lab 2 end up, for each k and w).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>

#include "grader/similarity/compare.hpp"
#include "grader/similarity/corpus.hpp"
#include "grader/similarity/synthetic.hpp"

namespace {
namespace fs = std::filesystem;
using namespace dslab::similarity;

// 200 submissions: the same 100-line skeleton header, and a ~900-line source file; 150 of
// them independent random programs, 50 disguised copies of some of those.
struct ClassCorpus {
  std::vector<Submission> subs;
  std::vector<SourceFile> base;
  std::size_t lines = 0;
};

const ClassCorpus& class_corpus() {
  static const ClassCorpus corpus = [] {
    ClassCorpus c;
    const std::string skeleton = synthetic::random_program(424242, 100);
    c.base = {{"skeleton/work.hpp", skeleton}};
    for (std::size_t i = 0; i < 200; ++i) {
      Submission s;
      s.name = "s" + std::to_string(i);
      const std::string own =
          i < 150 ? synthetic::random_program(i + 1, 900)
                  : synthetic::disguise(synthetic::random_program((i * 7) % 150 + 1, 900), i);
      s.files = {{"work.hpp", skeleton}, {"work.cpp", own}};
      c.lines += static_cast<std::size_t>(std::count(skeleton.begin(), skeleton.end(), '\n') +
                                          std::count(own.begin(), own.end(), '\n'));
      c.subs.push_back(std::move(s));
    }
    return c;
  }();
  return corpus;
}

void BM_Class200(benchmark::State& state) {
  const ClassCorpus& c = class_corpus();
  Params p;
  p.threads = static_cast<unsigned>(state.range(0));
  std::size_t pairs = 0;
  for (auto _ : state) {
    std::vector<Submission> subs = c.subs;
    const Outcome out = compare(subs, c.base, p);
    pairs = out.pairs.size();
    benchmark::DoNotOptimize(out.pairs.data());
  }
  state.counters["submissions"] = static_cast<double>(c.subs.size());
  state.counters["lines_per_submission"] =
      static_cast<double>(c.lines) / static_cast<double>(c.subs.size());
  state.counters["pairs_sharing_code"] = static_cast<double>(pairs);
}
BENCHMARK(BM_Class200)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// For each (k, w): the lowest score of a disguised copy with its original and the highest score
// of two independent implementations (or copies of different ones), over lab 2's test corpus.
void BM_Separation(benchmark::State& state) {
  const fs::path source = DSLAB_SOURCE_DIR;
  const auto manifest = dslab::manifest::load_lab(source / "labs/lab2-detector");
  const auto base = load_base(manifest, source, {});
  std::vector<Submission> subs;
  std::vector<std::string> origin;
  std::uint64_t seed = 1;
  for (const auto& impl : synthetic::lab2_implementations(source)) {
    for (int copy = 0; copy <= 4; ++copy) {
      Submission s;
      s.name = impl.name + std::to_string(copy);
      s.files = impl.files;
      for (auto& f : s.files) {
        if (copy > 0)
          f.text = synthetic::disguise(f.text, seed++, {.statement_per_mille = 50 * copy});
      }
      subs.push_back(std::move(s));
      origin.push_back(impl.name);
    }
  }
  Params p;
  p.k = static_cast<int>(state.range(0));
  p.w = static_cast<int>(state.range(1));
  double lowest_copy = 1, highest_independent = 0;
  for (auto _ : state) {
    const Outcome out = compare(subs, base, p);
    lowest_copy = 1;
    highest_independent = 0;
    std::vector<std::vector<double>> score(subs.size(), std::vector<double>(subs.size(), 0));
    for (const auto& pr : out.pairs) score[pr.a][pr.b] = pr.score();
    for (std::size_t a = 0; a < subs.size(); ++a) {
      for (std::size_t b = a + 1; b < subs.size(); ++b) {
        if (origin[a] == origin[b]) lowest_copy = std::min(lowest_copy, score[a][b]);
        if (origin[a] != origin[b])
          highest_independent = std::max(highest_independent, score[a][b]);
      }
    }
  }
  state.counters["lowest_copy"] = lowest_copy;
  state.counters["highest_indep"] = highest_independent;
  state.counters["margin"] = lowest_copy - highest_independent;
}
BENCHMARK(BM_Separation)->ArgsProduct({{6, 8, 10, 13, 16, 20, 25}, {4, 8, 12}})->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
