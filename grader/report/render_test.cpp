// Tests of the report renderers: golden outputs, JSON stability and round trip, escaping, hiding.
#include "grader/report/render.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "grader/report/score.hpp"
#include "runtime/text/clean.hpp"
#include "runtime/env/env.hpp"

namespace dslab::report {
namespace {

// A report exercising every status, hidden and public tests, seeds, replay and hostile text.
GradeReport sample() {
  manifest::LabManifest m;
  m.id = "lab3-paxos";
  m.title = "Single-decree Paxos";
  m.kind = manifest::LabKind::kGroup;
  const auto add = [&m](std::string name, int points, manifest::Visibility v, std::string property) {
    manifest::TestSpec t;
    t.name = std::move(name);
    t.points = points;
    t.visibility = v;
    t.property = std::move(property);
    m.tests.push_back(t);
  };
  add("Safety.OneValueDecided", 20, manifest::Visibility::kHidden, "no two learners decide different values");
  add("Acceptor.IgnoresPrepareBelowPromise", 10, manifest::Visibility::kPublic, "");
  add("Liveness.DecidesAfterHeal", 10, manifest::Visibility::kPublic, "a value is decided after the network heals");
  add("Host.SurvivesCrash", 5, manifest::Visibility::kHidden, "state survives a crash only via stable storage");
  add("Isolation.NoSharedMemory", 5, manifest::Visibility::kHidden, "nodes share nothing behind the network");
  std::vector<TestResult> results(4);
  results[0] = {"Safety.OneValueDecided", 0, 0, {}, TestStatus::kFailed,
                "learner 3 decided \"b\" but learner 1 decided \"a\"", "secret hidden trace <x> & data",
                8812, "dslab replay lab3-paxos Safety.OneValueDecided --seed 8812", ""};
  results[1] = {"Acceptor.IgnoresPrepareBelowPromise", 0, 0, {}, TestStatus::kPassed, "", "", {}, {}, ""};
  results[2] = {"Liveness.DecidesAfterHeal", 0, 0, {}, TestStatus::kTimeout, "wall limit 10 s | hit", "", 17,
                "dslab replay lab3-paxos Liveness.DecidesAfterHeal --seed 17", ""};
  results[3] = {"Forged.Everything", 0, 0, {}, TestStatus::kPassed, "", "", {}, {}, ""};
  results[0].wall_ms = 1234;
  results[0].test_ms = 1180;
  results[1].wall_ms = 85;
  results[1].test_ms = 3;
  results[2].wall_ms = 10012;
  results[2].detail = "safety at t=1.2s: no decision\n  trace (last 2 of 90 events):\n  ...";
  GradeReport report;
  report.submission = "submissions/alice";
  report.submitted_at = "2026-03-07T10:00:00Z";
  report.graded_at = "2026-03-07T10:05:00Z";
  report.tool_version = "dslab 0.1.0";
  report.labs.push_back(score_lab(m, results));
  report.labs.back().isolation = {.backend = "bwrap", .confined = true, .uid_first = 61000,
                                  .uid_last = 68999, .cgroup = "cgroup v1",
                                  .seccomp = "dslab-deny/1",
                                  .build = {.memory_bytes = 4ULL << 30, .processes = 64,
                                            .group_memory_bytes = 6ULL << 30, .wall_seconds = 300},
                                  .test = {.memory_bytes = 1ULL << 30, .processes = 12},
                                  .budget_seconds = 1200};
  apply_penalty(report.labs.back(), 5);
  m.id = "lab1-network";
  m.title = "Network programming";
  report.labs.push_back(build_failed(m, "node.cpp:12:3: error: 'foo' was not declared in this scope"));
  return report;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Compares with testdata/<name>; DSLAB_UPDATE_GOLDEN=1 rewrites the file instead.
void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(DSLAB_REPORT_TESTDATA) + "/" + name;
  if (env::flag(env::kUpdateGolden)) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  EXPECT_EQ(actual, read_file(path)) << "golden " << path << " differs (DSLAB_UPDATE_GOLDEN=1 to regenerate)";
}

TEST(Render, TableMatchesGolden) { expect_golden("report.table.txt", render_table(sample())); }
TEST(Render, JsonMatchesGolden) { expect_golden("report.json", render_json(sample())); }
TEST(Render, MarkdownMatchesGolden) { expect_golden("report.md", render_markdown(sample())); }
TEST(Render, JunitMatchesGolden) { expect_golden("report.junit.xml", render_junit(sample())); }
TEST(Render, StudentFacingMarkdownMatchesGolden) {
  expect_golden("report.student.md", render_markdown(sample(), {.student_facing = true}));
}

TEST(Render, StudentFacingOutputNeverShowsHiddenDetail) {
  const RenderOptions student{.student_facing = true};
  for (const std::string& out : {render_table(sample(), student), render_json(sample(), student),
                                 render_markdown(sample(), student), render_junit(sample(), student)}) {
    EXPECT_EQ(out.find("secret hidden trace"), std::string::npos);
    EXPECT_EQ(out.find("learner 3 decided"), std::string::npos);
    EXPECT_EQ(out.find("8812"), std::string::npos);
    EXPECT_NE(out.find("no two learners decide different values"), std::string::npos);
    EXPECT_NE(out.find("Safety"), std::string::npos);
    EXPECT_NE(out.find("--seed 17"), std::string::npos);  // public test keeps its replay
  }
  EXPECT_NE(render_json(sample()).find("secret hidden trace"), std::string::npos);  // instructor view
}

// A student's local run shows the public points and the hidden points it did not run, never a
// lab score, pass/fail or final grade that would read as the official result.
TEST(Render, LocalRunShowsPublicPointsAndTheHiddenPointsNotRun) {
  GradeReport r = sample();
  for (auto& lab : r.labs) lab.hidden_points_not_run = 70;
  const RenderOptions local{.local_run = true};
  const std::string table = render_table(r, local);
  EXPECT_NE(table.find("public tests "), std::string::npos) << table;
  EXPECT_NE(table.find("hidden tests: 70 points, graded by the course"), std::string::npos) << table;
  EXPECT_EQ(table.find("final "), std::string::npos) << table;
  EXPECT_EQ(table.find("PASSED"), std::string::npos) << table;
  const std::string md = render_markdown(r, local);
  EXPECT_NE(md.find("Hidden points (graded by the course)"), std::string::npos) << md;
  EXPECT_EQ(md.find("Final"), std::string::npos) << md;
  EXPECT_NE(render_json(r, local).find("\"hidden_points_not_run\": 70"), std::string::npos);
  EXPECT_EQ(render_json(r).find("hidden_points_not_run"), std::string::npos) << "grading reports unchanged";
}

TEST(Render, JsonIsByteIdenticalApartFromGradedAt) {
  GradeReport a = sample();
  GradeReport b = sample();
  b.graded_at = "2030-01-01T00:00:00Z";
  EXPECT_NE(render_json(a), render_json(b));
  b.graded_at = a.graded_at;
  EXPECT_EQ(render_json(a), render_json(b));
  b.graded_at = "2030-01-01T00:00:00Z";
  EXPECT_EQ(report_digest(a), report_digest(b));
  b.labs[0].tests[1].status = TestStatus::kFailed;
  EXPECT_NE(report_digest(a), report_digest(b));
}

TEST(Render, JsonRoundTripsThroughTheReader) {
  const GradeReport a = sample();
  const GradeReport b = report_from_json(nlohmann::json::parse(render_json(a)));
  EXPECT_EQ(render_json(a), render_json(b));
  EXPECT_THROW(report_from_json(nlohmann::json::parse("{\"schema\": \"other\"}")), std::invalid_argument);
  EXPECT_THROW(report_from_json(nlohmann::json::parse(R"({"schema": "dslab-report/1", "labs": [{}]})")),
               std::invalid_argument);
}

TEST(Render, JunitEscapesHostileText) {
  GradeReport r = sample();
  r.labs[0].tests[2].reason = "<script>&\"'\x01";
  const std::string xml = render_junit(r);
  EXPECT_NE(xml.find("&lt;script&gt;&amp;&quot;&apos;\xEF\xBF\xBD\""), std::string::npos) << xml;
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
}

TEST(Render, BuildLogCannotCloseItsMarkdownFence) {
  GradeReport r = sample();
  // A compiler diagnostic quoting the student's `#error "````...` text: backtick runs of 4 and 9.
  r.labs.back().build_log_excerpt =
      "node.cpp:3:2: error: #error \"````\n# Injected heading\n[click](https://example.com)\n`````````\"";
  const std::string md = render_markdown(r);
  const std::string fence(10, '`');  // one more than the longest run in the log
  const auto open = md.find(fence + "text\n");
  ASSERT_NE(open, std::string::npos) << md;
  const auto injected = md.find("\n# Injected heading\n");
  const auto close = md.find("\n" + fence + "\n", open + 1);
  ASSERT_NE(injected, std::string::npos) << md;
  ASSERT_NE(close, std::string::npos) << md;
  EXPECT_LT(open, injected);
  EXPECT_LT(injected, close) << "the student's text stays inside the fence\n" << md;
}

// Deterministic hostile strings: invalid UTF-8, NULs, controls, markup of every writer, long runs.
std::string hostile_text(std::uint64_t& state) {
  static const char* const kPieces[] = {"\xff", "\xC0\xAF", "\xED\xA0\x80", "\n", "\r", "\t", "\x1b[2J",
                                        "\x7f", "\xC2\x85", "\xEF\xBF\xBE", "]]>", "<", "&", "\"", "'", "|",
                                        "`", "````", "<br>", "</details>", "*_[]", "é", "𝄞", "FAIL x seed=1\n"};
  std::string s;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state >> 33);
  };
  for (std::uint32_t k = next() % 24; k > 0; --k) {
    const std::uint32_t r = next();
    if (r % 5 == 0) s += static_cast<char>(next() & 0xFF);
    else if (r % 5 == 1) s += std::string(1, '\0');
    else s += kPieces[next() % std::size(kPieces)];
  }
  return s;
}

// Structural checks that hold for any well-formed output of the writers.
void expect_well_formed(const GradeReport& r, const std::string& what) {
  for (const RenderOptions& o : {RenderOptions{}, RenderOptions{.student_facing = true}}) {
    const std::string table = render_table(r, o), md = render_markdown(r, o), xml = render_junit(r, o);
    const std::string json = render_json(r, o);
    for (const std::string* out : {&table, &md, &xml, &json}) {
      ASSERT_TRUE(text::is_valid_utf8(*out)) << what;
      for (const char c : *out) {
        const auto u = static_cast<unsigned char>(c);
        ASSERT_FALSE((u < 0x20 && c != '\n' && c != '\t') || u == 0x7F) << what << ": control byte " << int(u);
      }
    }
    // JSON: strict parse (UTF-8 included), and the reader takes it back.
    ASSERT_NO_THROW(report_from_json(nlohmann::json::parse(json))) << what;
    // XML: the markup is the writer's own; student text adds no '<' (same count as a benign report).
    GradeReport benign = r;
    for (auto& lab : benign.labs) {
      for (auto& t : lab.tests) t.reason = t.detail = "x", t.replay = t.replay ? std::optional<std::string>("x") : std::nullopt;
      lab.notes.assign(lab.notes.size(), "x");
    }
    const auto count = [](const std::string& s, char c) { return std::count(s.begin(), s.end(), c); };
    ASSERT_EQ(count(xml, '<'), count(render_junit(benign, o), '<')) << what;
    ASSERT_EQ(xml.find("]]>"), std::string::npos) << what;
    // Markdown: every table row has the header's number of unescaped cell separators.
    std::istringstream lines(md);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("| ", 0) != 0 || line.find("Test") != std::string::npos) continue;
      std::size_t pipes = 0;
      for (std::size_t i = 0; i < line.size(); ++i) pipes += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
      ASSERT_TRUE(pipes == 8 || pipes == 6) << what << ": " << line;
    }
  }
}

TEST(Render, EveryWriterIsWellFormedForAnyBytes) {
  std::uint64_t state = 16;
  for (int i = 0; i < 300; ++i) {
    GradeReport r = sample();
    for (auto& lab : r.labs) {
      for (auto& t : lab.tests) {
        t.reason = hostile_text(state);
        t.detail = hostile_text(state) + std::string(i % 7 == 0 ? 5000 : 0, 'x');
        t.replay = hostile_text(state);
      }
      lab.notes.push_back(hostile_text(state));
    }
    r.submission = hostile_text(state);
    r.labs.back().build_log_excerpt = hostile_text(state);
    expect_well_formed(r, "report #" + std::to_string(i));
  }
}

TEST(Render, Sha256MatchesKnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(std::string(1000, 'a')).substr(0, 8), "41edece4");
}

}  // namespace
}  // namespace dslab::report
