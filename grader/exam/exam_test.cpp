// Unit tests of the exam session library: banks, picks, the command language, the world's
// moves and undo, handler failures as events, and the session's record. In-process, on the
// runtime's ping protocol (the lab scripts run in exam_script_test.py on the node host).
#include "grader/exam/exam.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "grader/exam/cluster_session.hpp"
#include "grader/manifest/diagnostics.hpp"
#include "runtime/engine/inprocess.hpp"
#include "runtime/examples/ping/ping.hpp"

namespace dslab::exam {
namespace {
namespace ping = examples::ping;
using PingWorld = World<ping::Protocol>;

constexpr const char* kBank = R"(
[pick]
scenarios = 1
questions = 2

[[question]]
id = "q1"
text = "Tied to s1."
[[question]]
id = "q2"
text = "Tied to s2."
[[question]]
id = "g1"
text = "General one."
[[question]]
id = "g2"
text = "General two."

[[scenario]]
id = "s1"
title = "Scenario one"
nodes = 3
setup = ["step 2"]
questions = ["q1"]

[[scenario]]
id = "s2"
title = "Scenario two"
nodes = 2
latency_ms = [2, 2]
questions = ["q2"]
)";

std::string bank_error(const std::string& text) {
  try {
    parse_bank(text, "bank.toml", "lab");
  } catch (const manifest::ManifestError& e) {
    return e.what();
  }
  return "";
}

TEST(ExamBank, ParsesScenariosQuestionsAndPick) {
  const Bank b = parse_bank(kBank, "bank.toml", "lab");
  ASSERT_EQ(b.scenarios.size(), 2U);
  EXPECT_EQ(b.pick_questions, 2);
  EXPECT_EQ(b.scenarios[0].setup, std::vector<std::string>{"step 2"});
  EXPECT_EQ(b.scenarios[1].min_latency, msec(2));
  EXPECT_EQ(b.question("g2")->text, "General two.");
}

TEST(ExamBank, ReportsEachProblemWithItsLine) {
  const std::string e = bank_error(
      "[[question]]\nid = \"q\"\ntext = \"t\"\n[[question]]\nid = \"q\"\ntext = \"u\"\n"
      "[[scenario]]\nid = \"s\"\ntitle = \"x\"\nnodes = 12\nquestions = [\"nope\"]\ncolour = 1\n");
  EXPECT_NE(e.find("bank.toml:5: question id \"q\" is used twice"), std::string::npos) << e;
  EXPECT_NE(e.find("bank.toml:10: scenario[1].nodes must be 1..9"), std::string::npos) << e;
  EXPECT_NE(e.find("names \"nope\", which no [[question]] has as id"), std::string::npos) << e;
  EXPECT_NE(e.find("colour"), std::string::npos) << e;
}

TEST(ExamBank, RefusesASyntaxErrorAndAnEmptyBank) {
  EXPECT_NE(bank_error("[[scenario]\n").find("bank.toml:1"), std::string::npos);
  EXPECT_NE(bank_error("").find("scenario"), std::string::npos);
}

TEST(ExamPick, SameStudentAndSeedGetTheSamePick) {
  const Bank b = parse_bank(kBank, "bank.toml", "lab");
  const Pick one = pick(b, "alice", 7);
  const Pick two = pick(b, "alice", 7);
  EXPECT_EQ(one.scenarios, two.scenarios);
  EXPECT_EQ(one.questions, two.questions);
}

TEST(ExamPick, DifferentStudentsGetDifferentScenarios) {
  const Bank b = parse_bank(kBank, "bank.toml", "lab");
  std::set<std::string> seen;
  for (const char* s : {"alice", "bob", "carol", "dave", "erin", "frank"})
    seen.insert(pick(b, s, 1).scenarios[0]->id);
  EXPECT_EQ(seen.size(), 2U);
}

TEST(ExamPick, TheScenariosOwnQuestionComesFirstThenAGeneralOne) {
  const Bank b = parse_bank(kBank, "bank.toml", "lab");
  for (const char* s : {"alice", "bob", "carol"}) {
    const Pick p = pick(b, s, 3);
    ASSERT_EQ(p.questions.size(), 2U);
    EXPECT_EQ(p.questions[0]->id, p.scenarios[0]->questions[0]) << s;
    EXPECT_EQ(p.questions[1]->id[0], 'g') << s;
  }
}

TEST(ExamCommand, ParsesTimesPartitionsAndNodes) {
  EXPECT_EQ(parse_time("250ms"), msec(250));
  EXPECT_EQ(parse_time("1.5s"), msec(1500));
  EXPECT_EQ(parse_time("800us"), 800);
  EXPECT_EQ(parse_time("3"), msec(3));
  EXPECT_THROW(parse_time("soon"), CommandError);
  EXPECT_EQ(parse_node("n3"), 3);
  EXPECT_THROW(parse_node("x"), CommandError);
  const auto groups = parse_partition("1,2 | 3");
  ASSERT_EQ(groups.size(), 2U);
  EXPECT_EQ(groups[0], (std::set<NodeId>{1, 2}));
  EXPECT_THROW(parse_partition("1,2"), CommandError);
  EXPECT_THROW(parse_partition("1|1"), CommandError);
  EXPECT_EQ(parse_command("  note  the leader  ").rest, "the leader");
  EXPECT_TRUE(parse_command("# comment").name.empty());
}

TEST(ExamCommand, CompletesCommandsNodesPendingNumbersAndConditions) {
  const CompletionContext ctx{
      .nodes = {"1", "2", "3"}, .pending = 12, .conditions = {"decided", "time"}};
  const auto& all = builtin_commands();
  EXPECT_EQ(complete(all, "du", ctx), std::vector<std::string>{"duplicate"});
  EXPECT_EQ(complete(all, "crash ", ctx), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(complete(all, "deliver 1", ctx), (std::vector<std::string>{"1", "10", "11", "12"}));
  EXPECT_EQ(complete(all, "run ", ctx), std::vector<std::string>{"until"});
  EXPECT_EQ(complete(all, "run until d", ctx), std::vector<std::string>{"decided"});
  EXPECT_EQ(complete(all, "mark p", ctx), std::vector<std::string>{"pass"});
  EXPECT_EQ(common_prefix({"deliver", "delta"}), "del");
}

// Every node's view, the pending list and the clock: what undo must give back exactly.
std::string whole_state(PingWorld& w) {
  std::string out = format_time(w.now());
  for (NodeId n : w.nodes()) out += w.is_up(n) ? w.view(n).dump() : "down";
  for (const auto& item : w.pending()) out += item.describe() + format_time(item.due);
  return out;
}

TEST(ExamWorld, StepTakesTheEarliestItemAndMovesTheClock) {
  engine::InProcessEngine<ping::PingNode> engine;
  PingWorld w(engine, {.nodes = 3, .seed = 5});
  const auto first = w.pending().front();
  ASSERT_TRUE(w.step());
  EXPECT_EQ(w.now(), first.due);
  EXPECT_EQ(w.trace().events().back().kind == trace::Kind::kSend || w.events() == 1, true);
}

TEST(ExamWorld, UndoRestoresExactlyThePreviousState) {
  engine::InProcessEngine<ping::PingNode> engine;
  PingWorld w(engine, {.nodes = 3, .seed = 9});
  std::vector<std::string> states;
  std::vector<Snapshot<ping::Protocol>> snaps;
  auto move = [&](auto&& f) {
    states.push_back(whole_state(w));
    snaps.push_back(w.snapshot());
    f();
  };
  move([&] {
    for (int i = 0; i < 6; ++i) w.step();
  });
  move([&] { w.crash(2); });
  move([&] { w.partition({{1}, {2, 3}}); });
  move([&] { w.duplicate(1); });
  move([&] { w.restart(2); });
  move([&] {
    for (int i = 0; i < 4; ++i) w.step();
  });
  while (!snaps.empty()) {
    w.restore(snaps.back());
    EXPECT_EQ(whole_state(w), states.back()) << "undo #" << snaps.size();
    snaps.pop_back();
    states.pop_back();
  }
}

TEST(ExamWorld, CrashLosesTimersAndRestartRunsOnStart) {
  engine::InProcessEngine<ping::PingNode> engine;
  PingWorld w(engine, {.nodes = 2, .seed = 1});
  w.crash(2);
  for (const auto& item : w.pending()) EXPECT_FALSE(!item.is_message() && item.to == 2);
  EXPECT_THROW(w.view(2), CommandError);
  EXPECT_THROW(w.crash(2), CommandError);
  w.restart(2);
  EXPECT_TRUE(w.is_up(2));
  EXPECT_EQ(w.node_slot(2).incarnation, 1U);
}

TEST(ExamWorld, MovesThatCannotBeMadeAreCommandErrors) {
  engine::InProcessEngine<ping::PingNode> engine;
  PingWorld w(engine, {.nodes = 2, .seed = 1});
  EXPECT_THROW(w.deliver(99), CommandError);
  EXPECT_THROW(w.crash(7), CommandError);
  w.partition({{1}, {2}});
  std::size_t cross = 0;
  const auto items = w.pending();
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].is_message() && items[i].from != items[i].to) cross = i + 1;
  }
  ASSERT_NE(cross, 0U);
  EXPECT_THROW(w.deliver(cross), CommandError);
}

// A node whose timer handler throws: the failure is an event and the node goes down.
class FailingNode {
 public:
  using Protocol = ping::Protocol;
  void on_start(node::Context<Protocol>& ctx) { ctx.set_timer(msec(1), ping::Tick{}); }
  void on_message(node::Context<Protocol>& /*ctx*/, NodeId /*from*/,
                  const Protocol::Message& /*msg*/) {}
  void on_timer(node::Context<Protocol>& /*ctx*/, const Protocol::Timer& /*timer*/) {
    throw std::runtime_error("boom");
  }

 private:
  int ticks_ = 0;
  DSLAB_STATE(FailingNode, ticks_)
};

TEST(ExamWorld, AHandlerFailureIsAnEventAndTheNodeIsDown) {
  engine::InProcessEngine<FailingNode> engine;
  World<ping::Protocol> w(engine, {.nodes = 2, .seed = 1});
  ASSERT_TRUE(w.step());
  ASSERT_EQ(w.failures().size(), 1U);
  EXPECT_NE(w.failures()[0].find("boom"), std::string::npos);
  EXPECT_EQ(w.is_up(1) + w.is_up(2), 1);
  ASSERT_TRUE(w.step());  // the other node's timer: the session goes on
  EXPECT_EQ(w.failures().size(), 2U);
}

// A session over the ping cluster, as `dslab exam --script` runs one.
struct PingExam {
  Bank bank = parse_bank(kBank, "bank.toml", "ping");
  std::ostringstream out;
  Exam exam{ExamSetup{.lab = "ping",
                      .student = "alice",
                      .seed = 1,
                      .submission = "sub",
                      .bank = &bank,
                      .style = {}},
            std::make_unique<ClusterSession<ping::Protocol>>(
                std::make_unique<engine::InProcessEngine<ping::PingNode>>(),
                LabBinding<ping::Protocol>{}),
            out};
};

TEST(ExamSession, BadCommandsAreOneLineErrorsAndTheSessionGoesOn) {
  PingExam e;
  e.exam.open();
  for (const char* bad :
       {"frobnicate", "deliver 999", "crash", "partition 1", "run until moon", "mark maybe"}) {
    e.out.str("");
    EXPECT_TRUE(e.exam.execute(bad)) << bad;
    const std::string said = e.out.str();
    EXPECT_EQ(said.rfind("error: ", 0), 0U) << bad << ": " << said;
    EXPECT_EQ(std::count(said.begin(), said.end(), '\n'), 1) << bad << ": " << said;
  }
  EXPECT_TRUE(e.exam.execute("step"));
  EXPECT_FALSE(e.exam.execute("quit"));
}

TEST(ExamSession, StateMarksTheFieldsThatChangedSinceTheLastLook) {
  PingExam e;
  e.exam.open();
  e.exam.execute("state 1");
  EXPECT_EQ(e.out.str().find("  * "), std::string::npos);
  EXPECT_NE(e.out.str().find("    chains[2].seq = "), std::string::npos) << e.out.str();
  e.exam.execute("step 30");
  e.out.str("");
  e.exam.execute("state 1");
  EXPECT_NE(e.out.str().find("  * chains[2].seq = "), std::string::npos) << e.out.str();
}

TEST(ExamSession, TheRecordHoldsCommandsNotesQuestionsAndVerdict) {
  PingExam e;
  e.exam.open();
  e.exam.execute("ask");
  e.exam.execute("note knows the quorum rule");
  e.exam.execute("nonsense");
  e.exam.execute("mark pass");
  e.exam.finish("quit");
  const Record r = record_from_json(to_json(e.exam.record()));
  EXPECT_EQ(r.student, "alice");
  ASSERT_EQ(r.scenarios.size(), 1U);
  ASSERT_EQ(r.commands.size(), 4U);
  EXPECT_EQ(r.commands[2].line, "nonsense");
  EXPECT_FALSE(r.commands[2].error.empty());
  ASSERT_EQ(r.notes.size(), 1U);
  EXPECT_EQ(r.notes[0].text, "knows the quorum rule");
  EXPECT_TRUE(r.questions[0].asked);
  EXPECT_FALSE(r.questions[1].asked);
  EXPECT_EQ(r.passed, std::optional<bool>(true));
  EXPECT_EQ(r.ended_by, "quit");
}

TEST(ExamSession, UndoGoesBackToTheStateBeforeTheCommand) {
  PingExam e;
  e.exam.open();
  auto& cluster = dynamic_cast<ClusterSession<ping::Protocol>&>(e.exam.cluster());
  const std::string before = whole_state(cluster.world());
  e.exam.execute("step 5");
  e.exam.execute("crash 1");
  EXPECT_NE(whole_state(cluster.world()), before);
  e.exam.execute("undo");
  e.exam.execute("undo");
  EXPECT_EQ(whole_state(cluster.world()), before);
  e.out.str("");
  e.exam.execute("undo");
  EXPECT_EQ(e.out.str().rfind("error: nothing to undo", 0), 0U) << e.out.str();
}

}  // namespace
}  // namespace dslab::exam
