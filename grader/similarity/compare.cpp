// The similarity check (see compare.hpp): fingerprints as seeds, exact runs from them.
//
// Winnowed fingerprints only say where two submissions may share code. Every shared fingerprint
// is a seed: its k tokens are compared (a hash collision is dropped) and the run is extended both
// ways as long as the tokens are equal, so runs are exact and maximal and the shares count
// tokens, not fingerprints. Tokens inside a k-gram the base holds count for neither side.
#include "grader/similarity/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "grader/similarity/winnow.hpp"

namespace dslab::similarity {
namespace {

constexpr std::uint16_t kBoundary = 0xFFFF;  // between two files: equal to nothing
// A hash seen more often than this in one submission seeds from its first occurrences only, so a
// file repeating one line ten thousand times costs no more than a normal one.
constexpr std::size_t kMaxPositionsPerHash = 4;

// A submission ready to compare.
struct Prepared {
  std::vector<Token> tokens;              // every file's, a kBoundary token after each
  std::vector<std::uint8_t> base;         // 1: inside a k-gram the base holds
  std::vector<Fingerprint> prints;        // outside the base, sorted by (hash, pos)
  std::size_t own = 0;                    // tokens outside the base
  std::vector<std::uint32_t> own_before;  // own_before[i]: tokens outside the base before i

  std::uint32_t own_in(std::uint32_t begin, std::uint32_t end) const {
    return own_before[end] - own_before[begin];
  }
};

std::vector<std::uint64_t> base_hashes(const std::vector<SourceFile>& base, const Params& p) {
  std::vector<std::uint64_t> out;
  for (const auto& f : base) {
    const auto h = kgram_hashes(tokenize(f.text, p.max_tokens), p.k);
    out.insert(out.end(), h.begin(), h.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool in_base(const std::vector<std::uint64_t>& base, std::uint64_t h) {
  return std::binary_search(base.begin(), base.end(), h);
}

// Keeps at most kMaxPositionsPerHash fingerprints of each hash (the first ones).
void cap_positions(std::vector<Fingerprint>& prints) {
  std::sort(prints.begin(), prints.end(), [](const Fingerprint& x, const Fingerprint& y) {
    return x.hash != y.hash ? x.hash < y.hash : x.pos < y.pos;
  });
  std::size_t kept = 0, run = 0;
  for (std::size_t i = 0; i < prints.size(); ++i) {
    run = i > 0 && prints[i].hash == prints[i - 1].hash ? run + 1 : 0;
    if (run < kMaxPositionsPerHash) prints[kept++] = prints[i];
  }
  prints.resize(kept);
}

// Tokenizes and fingerprints one submission; `notes` gets a line if tokens were left out.
Prepared prepare(const Submission& s, const std::vector<std::uint64_t>& base, const Params& p,
                 std::vector<std::string>& notes) {
  Prepared out;
  if (!s.refused.empty()) return out;
  const auto k = static_cast<std::size_t>(p.k);
  for (std::size_t f = 0; f < s.files.size(); ++f) {
    const std::size_t room = p.max_tokens - std::min(p.max_tokens, out.tokens.size());
    std::vector<Token> toks = tokenize(s.files[f].text, room + 1);
    if (toks.size() > room) {
      toks.resize(room);
      notes.push_back(
          fmt::format("{}: only its first {} tokens were compared (the bound per "
                      "submission is {})",
                      s.files[f].name, room, p.max_tokens));
    }
    for (auto& t : toks) t.file = static_cast<std::uint16_t>(f);
    const auto offset = static_cast<std::uint32_t>(out.tokens.size());
    out.tokens.insert(out.tokens.end(), toks.begin(), toks.end());
    out.base.resize(out.tokens.size(), 0);
    const auto hashes = kgram_hashes(toks, p.k);
    for (std::size_t i = 0; i < hashes.size(); ++i) {
      if (in_base(base, hashes[i])) std::fill_n(out.base.begin() + offset + i, k, 1);
    }
    for (const Fingerprint& fp : winnow(hashes, p.w, offset)) {
      if (!in_base(base, fp.hash)) out.prints.push_back(fp);
    }
    out.tokens.push_back({.kind = kBoundary, .file = static_cast<std::uint16_t>(f), .line = 0});
    out.base.push_back(1);
  }
  cap_positions(out.prints);
  out.own_before.resize(out.tokens.size() + 1, 0);
  for (std::size_t i = 0; i < out.tokens.size(); ++i)
    out.own_before[i + 1] = out.own_before[i] + (out.base[i] == 0);
  out.own = out.own_before.back();
  return out;
}

struct Run {
  std::uint32_t a = 0, b = 0, len = 0;
  std::uint32_t own = 0;  // tokens of the run outside the base (the larger of the two sides)
};

bool same(const Token& x, const Token& y) { return x.kind == y.kind && x.kind != kBoundary; }

// The maximal exact runs through the fingerprints a and b share.
std::vector<Run> shared_runs(const Prepared& a, const Prepared& b, const Params& p) {
  struct Seed {
    std::uint32_t a, b;
  };
  std::vector<Seed> seeds;
  for (std::size_t i = 0, j = 0; i < a.prints.size() && j < b.prints.size();) {
    const std::uint64_t ha = a.prints[i].hash, hb = b.prints[j].hash;
    if (ha != hb) {
      ha < hb ? ++i : ++j;
      continue;
    }
    std::size_t i2 = i, j2 = j;
    while (i2 < a.prints.size() && a.prints[i2].hash == ha) ++i2;
    while (j2 < b.prints.size() && b.prints[j2].hash == ha) ++j2;
    for (std::size_t x = i; x < i2; ++x) {
      for (std::size_t y = j; y < j2; ++y) seeds.push_back({a.prints[x].pos, b.prints[y].pos});
    }
    i = i2;
    j = j2;
  }
  const auto diag = [](const Seed& s) { return static_cast<std::int64_t>(s.a) - s.b; };
  std::sort(seeds.begin(), seeds.end(), [&](const Seed& x, const Seed& y) {
    return diag(x) != diag(y) ? diag(x) < diag(y) : x.a < y.a;
  });
  std::vector<Run> runs;
  const auto k = static_cast<std::uint32_t>(p.k);
  std::int64_t last_diag = INT64_MIN;
  std::uint32_t covered_end = 0;
  for (const Seed& s : seeds) {
    if (diag(s) == last_diag && s.a < covered_end) continue;
    bool equal = true;
    for (std::uint32_t t = 0; t < k && equal; ++t)
      equal = same(a.tokens[s.a + t], b.tokens[s.b + t]);
    if (!equal) continue;  // a hash collision
    std::uint32_t sa = s.a, sb = s.b, ea = s.a + k, eb = s.b + k;
    while (sa > 0 && sb > 0 && same(a.tokens[sa - 1], b.tokens[sb - 1])) --sa, --sb;
    while (ea < a.tokens.size() && eb < b.tokens.size() && same(a.tokens[ea], b.tokens[eb]))
      ++ea, ++eb;
    Run r{sa, sb, ea - sa, 0};
    r.own = std::max(a.own_in(sa, ea), b.own_in(sb, eb));
    runs.push_back(r);
    last_diag = diag(s);
    covered_end = ea;
  }
  return runs;
}

// The fraction of `side`'s own tokens inside the union of `spans` ([begin, end) token ranges).
double share(const Prepared& side, std::vector<std::pair<std::uint32_t, std::uint32_t>> spans) {
  if (side.own == 0) return 0;
  std::sort(spans.begin(), spans.end());
  std::size_t n = 0;
  std::uint32_t done = 0;  // everything before it is counted
  for (auto [begin, end] : spans) {
    begin = std::max(begin, done);
    if (begin < end) n += side.own_in(begin, end), done = end;
  }
  return static_cast<double>(n) / static_cast<double>(side.own);
}

bool overlaps(std::uint32_t begin, std::uint32_t len, std::uint32_t begin2, std::uint32_t len2) {
  return begin < begin2 + len2 && begin2 < begin + len;
}

// The longest runs that overlap no longer one on either side, as regions.
std::vector<Region> regions(const Prepared& a, const Prepared& b, std::vector<Run> runs,
                            std::size_t max_regions) {
  std::sort(runs.begin(), runs.end(), [](const Run& x, const Run& y) {
    return x.own != y.own ? x.own > y.own : (x.a != y.a ? x.a < y.a : x.b < y.b);
  });
  std::vector<Run> kept;
  std::vector<Region> out;
  for (const Run& r : runs) {
    if (out.size() >= max_regions || r.own == 0) break;
    const bool free = std::none_of(kept.begin(), kept.end(), [&](const Run& k) {
      return overlaps(r.a, r.len, k.a, k.len) || overlaps(r.b, r.len, k.b, k.len);
    });
    if (!free) continue;
    kept.push_back(r);
    const Token &fa = a.tokens[r.a], &la = a.tokens[r.a + r.len - 1];
    const Token &fb = b.tokens[r.b], &lb = b.tokens[r.b + r.len - 1];
    out.push_back({.file_a = fa.file,
                   .file_b = fb.file,
                   .first_line_a = fa.line,
                   .last_line_a = la.line,
                   .first_line_b = fb.line,
                   .last_line_b = lb.line,
                   .tokens = r.own});
  }
  return out;
}

PairResult compare_pair(const Prepared& a, const Prepared& b, const Params& p) {
  PairResult out;
  const std::vector<Run> runs = shared_runs(a, b, p);
  if (runs.empty()) return out;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> spans_a, spans_b;
  for (const Run& r : runs) {
    spans_a.emplace_back(r.a, r.a + r.len);
    spans_b.emplace_back(r.b, r.b + r.len);
    out.longest_run = std::max(out.longest_run, r.own);
  }
  out.share_a = share(a, std::move(spans_a));
  out.share_b = share(b, std::move(spans_b));
  out.regions = regions(a, b, runs, p.max_regions);
  return out;
}

// Runs job(i) for i in [0, n) on `threads` threads; job writes only its own slot.
template <typename Job>
void parallel_for(std::size_t n, unsigned threads, const Job& job) {
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < n; i = next++) job(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace

Outcome compare(std::vector<Submission>& subs, const std::vector<SourceFile>& base,
                const Params& p) {
  Outcome out;
  out.params = p;
  const unsigned threads =
      p.threads != 0 ? p.threads : std::max(1U, std::thread::hardware_concurrency());
  const std::vector<std::uint64_t> base_set = base_hashes(base, p);
  std::vector<Prepared> prepared(subs.size());
  std::vector<std::vector<std::string>> notes(subs.size());
  parallel_for(subs.size(), threads,
               [&](std::size_t i) { prepared[i] = prepare(subs[i], base_set, p, notes[i]); });
  for (std::size_t i = 0; i < subs.size(); ++i) {
    subs[i].notes.insert(subs[i].notes.end(), notes[i].begin(), notes[i].end());
    const std::size_t n = prepared[i].tokens.size() - subs[i].files.size();  // boundaries left out
    out.stats.push_back(
        {.tokens = n, .own_tokens = prepared[i].own, .fingerprints = prepared[i].prints.size()});
  }
  std::vector<std::pair<std::size_t, std::size_t>> todo;
  for (std::size_t i = 0; i < subs.size(); ++i) {
    for (std::size_t j = i + 1; j < subs.size(); ++j) {
      const bool live = subs[i].refused.empty() && subs[j].refused.empty();
      if (live && !(subs[i].archived && subs[j].archived)) todo.emplace_back(i, j);
    }
  }
  std::vector<PairResult> results(todo.size());
  parallel_for(todo.size(), threads, [&](std::size_t t) {
    const auto [i, j] = todo[t];
    results[t] = compare_pair(prepared[i], prepared[j], p);
    results[t].a = i;
    results[t].b = j;
  });
  for (auto& r : results) {
    if (r.longest_run > 0) out.pairs.push_back(std::move(r));
  }
  std::stable_sort(out.pairs.begin(), out.pairs.end(),
                   [](const PairResult& x, const PairResult& y) {
                     if (x.score() != y.score()) return x.score() > y.score();
                     return x.longest_run > y.longest_run;
                   });
  return out;
}

}  // namespace dslab::similarity
