// Tests of the similarity check: tokenizer, the winnowing guarantee, the ranking of a synthetic
// corpus (independent lab 2 implementations kept as data, disguised copies generated from them),
// hostile submissions, and the reports (a hostile file cannot add markup to the HTML page).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "grader/similarity/compare.hpp"
#include "grader/similarity/corpus.hpp"
#include "grader/similarity/render.hpp"
#include "grader/similarity/synthetic.hpp"
#include "grader/similarity/tokenizer.hpp"
#include "grader/similarity/winnow.hpp"
#include "runtime/text/clean.hpp"

namespace dslab::similarity {
namespace {
namespace fs = std::filesystem;

const fs::path kSource = DSLAB_SOURCE_DIR;

std::vector<std::uint16_t> kinds(std::string_view text) {
  std::vector<std::uint16_t> out;
  for (const Token& t : tokenize(text)) out.push_back(t.kind);
  return out;
}

// A fresh folder under the system's temporary directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "dslab-similarity-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

manifest::LabManifest lab2() { return manifest::load_lab(kSource / "labs/lab2-detector"); }

TEST(SimilarityTokenizer, DropsCommentsWhitespaceAndIncludesAndNormalisesNames) {
  const auto a = kinds("#include <set>\nint count = 0; // the count\nreturn count + 1;");
  const auto b = kinds("/* renamed */ int   total=42;\n\n return total+7 ;");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 10U);
  EXPECT_EQ(kind_name(a[0]), "int");
  EXPECT_EQ(kind_name(a[1]), "id");
  EXPECT_EQ(kind_name(a[3]), "num");
  EXPECT_EQ(kind_name(a[7]), "+");
  EXPECT_NE(kinds("a += b;"), kinds("a -= b;"));             // operators are kept apart
  EXPECT_NE(kinds("if (x) y();"), kinds("while (x) y();"));  // keywords too
}

TEST(SimilarityTokenizer, ReadsLiteralsAsOneTokenAndRecordsLines) {
  const auto toks = tokenize(
      "s = \"a \\\" // not a comment\";\nr = R\"x(line\n)\" still)x\";\nc = '\\'';\nn = "
      "1'000.5e+3;");
  std::vector<std::string> names;
  for (const Token& t : toks) names.push_back(kind_name(t.kind));
  EXPECT_EQ(names, (std::vector<std::string>{"id", "=", "str", ";", "id", "=", "str", ";", "id",
                                             "=", "chr", ";", "id", "=", "num", ";"}));
  EXPECT_EQ(toks[4].line, 2U);
  EXPECT_EQ(toks[8].line, 4U);
  EXPECT_EQ(toks[12].line, 5U);
  EXPECT_EQ(kinds("v<std::vector<int>> x;"), kinds("v<std::vector<int> > x;"));
}

TEST(SimilarityTokenizer, TotalOnHostileBytesAndBoundedInTokens) {
  std::mt19937_64 gen(7);
  for (int round = 0; round < 20; ++round) {
    std::string bytes(2000, '\0');
    for (char& c : bytes) c = static_cast<char>(gen());
    const auto toks = tokenize(bytes);
    for (std::size_t i = 1; i < toks.size(); ++i) ASSERT_LE(toks[i - 1].line, toks[i].line);
  }
  EXPECT_EQ(tokenize("/* never closed", 10).size(), 0U);
  EXPECT_EQ(tokenize("\"never closed", 10).size(), 1U);
  EXPECT_EQ(tokenize(std::string(10000, ';'), 100).size(), 100U);
}

// Any run of w + k - 1 equal tokens shared by two sequences shares a fingerprint (the winnowing
// guarantee), wherever it sits and whatever surrounds it.
TEST(SimilarityWinnow, EverySharedRunOfWPlusKMinusOneTokensSharesAFingerprint) {
  std::mt19937_64 gen(11);
  const auto random_tokens = [&](std::size_t n) {
    std::vector<Token> t(n);
    for (auto& x : t) x.kind = static_cast<std::uint16_t>(gen() % 300);
    return t;
  };
  for (const auto& [k, w] : {std::pair{5, 4}, std::pair{13, 8}, std::pair{20, 1}}) {
    for (int round = 0; round < 50; ++round) {
      const std::size_t len = static_cast<std::size_t>(w + k - 1);
      const auto run = random_tokens(len);
      auto a = random_tokens(gen() % 200);
      auto b = random_tokens(gen() % 200);
      a.insert(a.begin() + static_cast<std::ptrdiff_t>(a.empty() ? 0 : gen() % a.size()),
               run.begin(), run.end());
      b.insert(b.begin() + static_cast<std::ptrdiff_t>(b.empty() ? 0 : gen() % b.size()),
               run.begin(), run.end());
      std::vector<std::uint64_t> ha, hb;
      for (const auto& f : winnow(kgram_hashes(a, k), w)) ha.push_back(f.hash);
      for (const auto& f : winnow(kgram_hashes(b, k), w)) hb.push_back(f.hash);
      std::sort(ha.begin(), ha.end());
      std::sort(hb.begin(), hb.end());
      std::vector<std::uint64_t> common;
      std::set_intersection(ha.begin(), ha.end(), hb.begin(), hb.end(), std::back_inserter(common));
      ASSERT_FALSE(common.empty()) << "k=" << k << " w=" << w << " round " << round;
    }
  }
}

TEST(SimilarityWinnow, RobustSelectionTakesOneFingerprintPerWindowOfARepeatedToken) {
  const std::vector<Token> same(100, Token{.kind = 5});
  const auto prints = winnow(kgram_hashes(same, 4), 10);
  EXPECT_LE(prints.size(), 10U);  // not one per position
  EXPECT_GE(prints.size(), 9U);   // but one in every window
}

// The corpus of the ranking tests: each independent implementation, two disguised copies of
// each, a renamed-only copy of the first, and two skeleton-only submissions.
struct Corpus {
  TempDir dir;
  std::vector<Submission> subs;
  std::vector<std::string> origin;  // which implementation each came from ("" for skeletons)
};

void add(Corpus& c, const std::string& name, const std::string& origin,
         const std::vector<SourceFile>& files) {
  synthetic::write_submission(c.dir.path() / name, files);
  c.subs.push_back(load_submission(lab2(), c.dir.path() / name));
  c.origin.push_back(origin);
}

std::unique_ptr<Corpus> make_corpus() {
  auto c = std::make_unique<Corpus>();
  std::uint64_t seed = 1;
  for (const auto& impl : synthetic::lab2_implementations(kSource)) {
    add(*c, impl.name, impl.name, impl.files);
    for (int copy = 1; copy <= 2; ++copy) {
      std::vector<SourceFile> files = impl.files;
      for (auto& f : files) f.text = synthetic::disguise(f.text, seed++);
      add(*c, impl.name + "-copy" + std::to_string(copy), impl.name, files);
    }
  }
  std::vector<SourceFile> renamed = synthetic::lab2_implementations(kSource)[0].files;
  for (auto& f : renamed) {
    f.text = synthetic::disguise(
        f.text, 99,
        {.reorder = false, .comment_per_mille = 0, .blank_per_mille = 0, .statement_per_mille = 0});
  }
  add(*c, "renamed", "renamed", renamed);
  for (const char* name : {"skeleton1", "skeleton2"}) {
    fs::create_directories(c->dir.path() / name);
    fs::copy(kSource / "skeletons/lab2-detector", c->dir.path() / name / "lab2-detector",
             fs::copy_options::recursive);
    c->subs.push_back(load_submission(lab2(), c->dir.path() / name));
    c->origin.push_back("");
  }
  return c;
}

TEST(Similarity, DisguisedCopiesRankAboveEveryIndependentPairAndSkeletonsScoreZero) {
  auto c = make_corpus();
  const Outcome out = compare(c->subs, load_base(lab2(), kSource, {}), Params{});
  double lowest_copy = 1, highest_independent = 0;
  std::string worst;
  for (const PairResult& p : out.pairs) {
    const std::string &oa = c->origin[p.a], &ob = c->origin[p.b];
    if (oa.empty() || ob.empty()) {
      EXPECT_EQ(p.score(), 0) << c->subs[p.a].name << " " << c->subs[p.b].name;
      continue;
    }
    const bool related =
        oa == ob || (oa == "renamed" && ob == "a") || (oa == "a" && ob == "renamed");
    if (related) {
      lowest_copy = std::min(lowest_copy, p.score());
    } else if (p.score() > highest_independent) {
      highest_independent = p.score();
      worst = c->subs[p.a].name + " and " + c->subs[p.b].name;
    }
  }
  for (std::size_t i = 0; i < c->subs.size();
       ++i) {  // every copy shares something with its original
    for (std::size_t j = i + 1; j < c->subs.size(); ++j) {
      if (c->origin[i].empty() || c->origin[i] != c->origin[j]) continue;
      EXPECT_TRUE(std::any_of(out.pairs.begin(), out.pairs.end(),
                              [&](const PairResult& p) { return p.a == i && p.b == j; }));
    }
  }
  EXPECT_GT(lowest_copy, highest_independent) << "the most similar independent pair: " << worst;
  EXPECT_GT(lowest_copy, 0.5);
}

TEST(Similarity, RenamedOnlyCopyScoresAboutAHundredPercent) {
  auto c = make_corpus();
  const Outcome out = compare(c->subs, load_base(lab2(), kSource, {}), Params{});
  for (const PairResult& p : out.pairs) {
    if (c->subs[p.a].name == "a" && c->subs[p.b].name == "renamed") {
      EXPECT_GE(p.share_a, 0.99);
      EXPECT_GE(p.share_b, 0.99);
      return;
    }
  }
  ADD_FAILURE() << "no pair a/renamed";
}

TEST(Similarity, ResultDoesNotDependOnTheNumberOfThreads) {
  auto c = make_corpus();
  const auto base = load_base(lab2(), kSource, {});
  Params one;
  one.threads = 1;
  Params two;
  two.threads = 2;
  const Outcome o1 = compare(c->subs, base, one);
  const Outcome o2 = compare(c->subs, base, two);
  EXPECT_EQ(
      render_json({.lab = "lab2-detector", .submissions = c->subs, .outcome = o1, .threshold = 0}),
      render_json({.lab = "lab2-detector", .submissions = c->subs, .outcome = o2, .threshold = 0}));
}

TEST(Similarity, ArchivedSubmissionsAreComparedWithCurrentOnesOnly) {
  TempDir dir;
  const auto impl = synthetic::lab2_implementations(kSource)[0].files;
  synthetic::write_submission(dir.path() / "now", impl);
  synthetic::write_submission(dir.path() / "past/x", impl);
  synthetic::write_submission(dir.path() / "past/y", impl);
  std::vector<Submission> subs = {load_submission(lab2(), dir.path() / "now")};
  for (auto& s : load_archive(lab2(), dir.path() / "past")) subs.push_back(std::move(s));
  ASSERT_EQ(subs.size(), 3U);
  EXPECT_EQ(subs[1].name, "archive/x");
  const Outcome out = compare(subs, load_base(lab2(), kSource, {}), Params{});
  ASSERT_EQ(out.pairs.size(), 2U);  // now-x and now-y, never x-y
  for (const auto& p : out.pairs) EXPECT_EQ(p.a, 0U);
}

TEST(SimilarityCorpus, HostileSubmissionsAreRefusedOrTrimmedWithAReasonNeverACrash) {
  TempDir dir;
  const manifest::LabManifest m = lab2();
  const auto impl = synthetic::lab2_implementations(kSource)[0].files;
  synthetic::write_submission(dir.path() / "link", impl);
  fs::create_symlink("/etc/passwd", dir.path() / "link/leader.hpp");
  EXPECT_NE(load_submission(m, dir.path() / "link").refused.find("symbolic link"),
            std::string::npos);

  synthetic::write_submission(dir.path() / "huge", impl);
  fs::resize_file(dir.path() / "huge/node.cpp", 8ULL << 20);  // sparse: never materialised
  EXPECT_NE(load_submission(m, dir.path() / "huge").refused.find("at most"), std::string::npos);

  synthetic::write_submission(dir.path() / "dir", impl);
  fs::create_directory(dir.path() / "dir/leader.hpp");
  EXPECT_NE(load_submission(m, dir.path() / "dir").refused.find("not a regular file"),
            std::string::npos);

  synthetic::write_submission(dir.path() / "binary", impl);
  synthetic::write_submission(dir.path() / "binary", {{"leader.cpp", std::string("\x7f"
                                                                                 "ELF\0\0\1",
                                                                                 7)}});
  const Submission bin = load_submission(m, dir.path() / "binary");
  EXPECT_TRUE(bin.refused.empty());
  EXPECT_EQ(bin.files.size(), 2U);
  EXPECT_TRUE(std::any_of(bin.notes.begin(), bin.notes.end(),
                          [](const auto& n) { return n.find("binary") != std::string::npos; }));

  fs::create_directories(dir.path() / "empty/src");
  EXPECT_THROW(load_submission(m, dir.path() / "empty"), InputError);
  EXPECT_THROW(load_submission(m, dir.path() / "absent"), InputError);
  EXPECT_THROW(load_base(m, kSource, {dir.path() / "absent"}), InputError);
}

TEST(Similarity, ATokenFloodIsCutAtTheBoundWithANote) {
  std::vector<Submission> subs(2);
  for (auto& s : subs) s.files = {{"node.cpp", std::string(900'000, ';')}};
  Params p;
  p.max_tokens = 100'000;
  const Outcome out = compare(subs, {}, p);
  EXPECT_EQ(out.stats[0].tokens, 100'000U);
  EXPECT_FALSE(subs[0].notes.empty());
  ASSERT_EQ(out.pairs.size(), 1U);
  EXPECT_GT(out.pairs[0].score(), 0.99);
}

TEST(SimilarityRender, AHostileFileCannotAddMarkupToTheHtmlPage) {
  const std::string evil =
      "int f() { return 1; }  // </pre><script>alert(1)</script><img src=x onerror=alert(2)>\n"
      "const char* s = \"</a><style>body{display:none}</style>\xff\xfe\";\n"
      "int g(int x) { while (x > 0) { x = x - 2; } return x * 3 + f(); }\n";
  std::vector<Submission> subs(2);
  subs[0].name = "<b onclick=alert(3)>mallory</b>";
  subs[1].name = "eve\"'&";
  for (auto& s : subs) s.files = {{"node<i>.cpp", evil}};
  const Outcome out = compare(subs, {}, Params{});
  ASSERT_EQ(out.pairs.size(), 1U);
  const Report report{.lab = "lab2-detector", .submissions = subs, .outcome = out, .threshold = 0};
  const std::string html = render_html(report);
  for (const char* tag : {"<script", "<img", "<b ", "<i>", "</a><style"}) {
    EXPECT_EQ(html.find(tag), std::string::npos) << tag;
  }
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;b onclick=alert(3)&gt;mallory&lt;/b&gt;"), std::string::npos);
  EXPECT_TRUE(text::is_valid_utf8(html));
  EXPECT_NE(html.find("class=\"m m0\""), std::string::npos);   // the shared lines are highlighted
  EXPECT_NE(html.find("href=\"#p1-b0\""), std::string::npos);  // and linked to the other side
  const auto json = nlohmann::json::parse(render_json(report));
  EXPECT_EQ(json["pairs"][0]["a"], subs[0].name);
  EXPECT_NE(render_table(report).find("100%"), std::string::npos);
}

}  // namespace
}  // namespace dslab::similarity
