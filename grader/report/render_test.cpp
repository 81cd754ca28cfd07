// Tests of the report renderers: golden outputs, JSON stability and round trip, escaping, hiding.
#include "grader/report/render.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "grader/report/score.hpp"

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
  const char* update = std::getenv("DSLAB_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
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
  EXPECT_NE(xml.find("&lt;script&gt;&amp;&quot;&apos;\""), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
}

TEST(Render, Sha256MatchesKnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(std::string(1000, 'a')).substr(0, 8), "41edece4");
}

}  // namespace
}  // namespace dslab::report
