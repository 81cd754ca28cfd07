// The exam harness on the reference solutions of labs 2 to 5, their nodes in the node host
// (as in an exam): every bank's scenarios set up, the displayed state after given steps, undo
// giving back exactly the previous state, the lab conditions, and a handler that crashes its
// host process shown as an event while the session goes on.
#include <gtest/gtest.h>

#include <sstream>

#include "grader/exam/cluster_session.hpp"
#include "grader/exam/registry.hpp"
#include "labs/lab2-detector/api/protocol.hpp"
#include "labs/lab3-paxos/api/protocol.hpp"
#include "labs/lab4-multipaxos/api/protocol.hpp"
#include "labs/lab5-bank/api/protocol.hpp"

namespace dslab::exam {
namespace {

/// The exam seed of these tests (the network's latencies derive from it).
constexpr std::uint64_t kSeed = 1;

host::HostOptions reference_host(const std::string& program) {
  host::HostOptions o;
  o.host_path = std::string(DSLAB_BUILD_DIR) + "/bin/" + program;
  o.process_per_node = true;
  return o;
}

// A lab's cluster on its reference host with a scenario of its bank begun.
struct LabCluster {
  explicit LabCluster(const std::string& lab, const std::string& scenario,
                      const std::string& host = "")
      : bank(load_bank(bank_file(DSLAB_SOURCE_DIR, lab), lab)) {
    const LabEntry* entry = find_lab(lab);
    if (entry == nullptr) throw std::runtime_error("no exam binding for " + lab);
    cluster = entry->make(reference_host(host.empty() ? entry->host_program : host));
    for (const auto& s : bank.scenarios) {
      if (s.id == scenario) cluster->begin(s, kSeed, out);
    }
    opened = out.str();
  }
  // Runs one line; what it printed.
  std::string run(const std::string& line) {
    out.str("");
    if (!cluster->run(parse_command(line), out))
      throw std::runtime_error("not a cluster command: " + line);
    return out.str();
  }
  template <class P>
  World<P>& world() {
    return dynamic_cast<ClusterSession<P>&>(*cluster).world();
  }
  Bank bank;
  std::unique_ptr<Cluster> cluster;
  std::ostringstream out;
  std::string opened;  ///< what begin() printed (the setup's events)
};

template <class P>
std::string whole_state(World<P>& w) {
  std::string out = format_time(w.now());
  for (NodeId n : w.nodes()) out += w.is_up(n) ? w.view(n).dump() : "down";
  for (const auto& item : w.pending()) out += item.describe() + format_time(item.due);
  return out;
}

// The number `pending` gives the first message of type `type` to `to`; 0 if none.
template <class P>
std::size_t pending_number(World<P>& w, const std::string& type, NodeId to) {
  const auto items = w.pending();
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].is_message() && items[i].to == to && codec::alternative_name(items[i].msg) == type)
      return i + 1;
  }
  return 0;
}

TEST(ExamLabs, EveryScenarioOfEveryBankSetsUpOnTheReference) {
  for (const char* lab : {"lab2-detector", "lab3-paxos", "lab4-multipaxos", "lab5-bank"}) {
    const Bank bank = load_bank(bank_file(DSLAB_SOURCE_DIR, lab), lab);
    EXPECT_GE(bank.scenarios.size(), 3U) << lab;
    for (const auto& s : bank.scenarios) {
      const LabCluster c(lab, s.id);
      const auto& errors = c.cluster->setup_errors();
      EXPECT_TRUE(errors.empty()) << lab << " " << s.id << ": " << errors.front();
    }
  }
}

TEST(ExamLabs, Lab3StateAfterStepsShowsThePromiseAndTheAcceptedValue) {
  LabCluster c("lab3-paxos", "leader-crash-between-phases");
  auto& w = c.world<lab3::Protocol>();
  EXPECT_FALSE(w.is_up(3));
  EXPECT_NE(c.run("state 1").find("    acceptor.state.promised = 3\n"), std::string::npos);
  const std::size_t accept = pending_number(w, "Accept", 1);
  ASSERT_NE(accept, 0U) << c.run("pending");
  c.run("deliver " + std::to_string(accept));
  const std::string shown = c.run("state 1");
  EXPECT_NE(shown.find("  * acceptor.state.accepted_value = \"a\"    (was \"\")\n"),
            std::string::npos)
      << shown;
  EXPECT_NE(shown.find("    acceptor.state.promised = 3\n"), std::string::npos) << shown;
}

TEST(ExamLabs, Lab3UndoGivesBackExactlyThePreviousState) {
  LabCluster c("lab3-paxos", "leader-crash-between-phases");
  auto& w = c.world<lab3::Protocol>();
  std::vector<std::string> states;
  for (const char* line : {"step 3", "leader all 2", "client 2 b", "crash 1", "restart 1",
                           "partition 1|2,3", "duplicate 1", "run until all decided"}) {
    states.push_back(whole_state(w));
    c.run(line);
  }
  EXPECT_NE(whole_state(w), states.back());
  while (!states.empty()) {
    c.run("undo");
    EXPECT_EQ(whole_state(w), states.back()) << "undo back to before command " << states.size();
    states.pop_back();
  }
  EXPECT_THROW(c.run("undo"), CommandError);
}

TEST(ExamLabs, Lab2ConditionsAndTheRestartedNode) {
  LabCluster c("lab2-detector", "crashed-leader");
  auto& w = c.world<lab2::Protocol>();
  ASSERT_FALSE(w.is_up(3));
  const std::string said = c.run("run until suspected 3");
  EXPECT_NE(said.find("reached after"), std::string::npos) << said;
  EXPECT_NE(c.run("run until leader elected").find("reached after"), std::string::npos);
  EXPECT_NE(c.run("state 1").find("n1  up"), std::string::npos);
}

TEST(ExamLabs, Lab4ARestartedReplicaCatchesUp) {
  LabCluster c("lab4-multipaxos", "restarted-replica-catches-up");
  auto& w = c.world<lab4::Protocol>();
  ASSERT_TRUE(w.is_up(3));
  const std::string said = c.run("run until slot 2 delivered everywhere");
  EXPECT_NE(said.find("reached after"), std::string::npos) << said;
  EXPECT_NE(said.find("n3 OUTPUT Delivered(slot=2"), std::string::npos) << said;
}

TEST(ExamLabs, AHandlerThatCrashesItsHostIsAnEventAndTheSessionGoesOn) {
  LabCluster c("lab2-detector", "crashed-leader", "exam_crashing_host");  // n2 dies in its setup
  auto& w = c.world<lab2::Protocol>();
  EXPECT_NE(c.opened.find("event: n2 failed in on_message"), std::string::npos) << c.opened;
  ASSERT_FALSE(w.is_up(2));
  EXPECT_NE(c.run("state 2").find("n2  DOWN"), std::string::npos);
  c.run("restart 2");
  ASSERT_TRUE(w.is_up(2));
  std::string said;
  for (int i = 0; i < 40 && w.is_up(2); ++i) said += c.run("step");
  EXPECT_FALSE(w.is_up(2)) << said;
  EXPECT_NE(said.find("event: n2 failed in on_message"), std::string::npos) << said;
  EXPECT_NE(c.run("state 1").find("replies = "), std::string::npos);
}

}  // namespace
}  // namespace dslab::exam

namespace dslab::exam {
namespace {

// How often node `n` executed client `client`'s request `seq` (Executed outputs).
std::size_t executions(const World<lab5::Protocol>& w, NodeId n, std::int32_t client,
                       std::uint64_t seq) {
  std::size_t count = 0;
  for (const auto& o : w.outputs()) {
    const auto* e = std::get_if<lab5::Executed>(&o.output);
    if (o.node == n && e != nullptr && e->command.client == client && e->command.seq == seq) {
      ++count;
    }
  }
  return count;
}

TEST(ExamLabs, Lab5ARequestTheLogDecidedTwiceRunsOnceEverywhere) {
  LabCluster c("lab5-bank", "retried-request-decided-twice");
  auto& w = c.world<lab5::Protocol>();
  const std::string said = c.run("run until executed 1 1 everywhere");
  EXPECT_NE(said.find("reached after"), std::string::npos) << said;
  c.run("run until quiet");  // every message delivered: slot 2's copy of the request included
  for (NodeId n : w.nodes()) EXPECT_EQ(executions(w, n, 1, 1), 1U) << "n" << n << "\n" << c.run("trace");
  EXPECT_THROW(c.run("decide all 3 9"), CommandError);  // only one proposal so far
}

}  // namespace
}  // namespace dslab::exam
