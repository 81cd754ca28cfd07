// Viewer tests: script-safe embedding (hostile strings cannot leave the data element), the
// page structure, what the simulator records for it (causes, states, partition groups), the
// history page, and the pages in a real headless browser (skipped without chromium).
#include "runtime/viewer/viewer.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "runtime/viewer/browser.hpp"
#include "runtime/viewer/sample_run.hpp"
#include "runtime/viewer/templates.hpp"

namespace dslab::viewer {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The JSON inside <script type="application/json" id="data">, up to the first "</script>".
codec::Json embedded(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"data\">";
  const std::size_t from = page.find(open);
  EXPECT_NE(from, std::string::npos);
  const std::size_t body = from + open.size();
  const std::size_t end = page.find("</script>", body);
  return codec::Json::parse(page.substr(body, end - body));
}

const std::string kHostile =
    "</script><script>alert(1)</script><!-- \"quoted\" 'single' & \xE2\x80\xA8 \xE2\x80\xA9 </SCRIPT >";

TEST(ScriptSafeJson, NoStringCanCloseTheScriptOrOpenAComment) {
  const std::string out = script_safe_json(codec::Json{{"what", kHostile}});
  for (const char* bad : {"<", ">", "&", "\xE2\x80\xA8", "\xE2\x80\xA9"}) {
    EXPECT_EQ(out.find(bad), std::string::npos) << bad << " in " << out;
  }
  EXPECT_EQ(codec::Json::parse(out)["what"], kHostile);  // the same data once parsed
}

TEST(ScriptSafeJson, InvalidUtf8BecomesAReplacementCharacterNotAnException) {
  const std::string out = script_safe_json(codec::Json("bad \xC3 byte"));
  EXPECT_EQ(codec::Json::parse(out), "bad \xEF\xBF\xBD byte");
}

TEST(RenderRun, HostileStringsStayInsideTheDataElement) {
  RunPage page{.title = kHostile, .failure = kHostile, .property = kHostile, .replay = kHostile,
               .nodes = 2};
  trace::Recorder recorder;
  recorder.record(5, trace::Kind::kSend, 1, 2, 1, kHostile, kHostile, codec::Json{{"type", kHostile}});
  page.events = events_json(recorder.events());
  const std::string html = render_run(page);
  // Exactly the template's own script ends and comments: none came from the data.
  const std::string tmpl(templates::kRun);
  EXPECT_EQ(count(html, "</script>"), count(tmpl, "</script>"));
  EXPECT_EQ(count(html, "<!--"), count(tmpl, "<!--"));
  EXPECT_EQ(count(html, "<script"), count(tmpl, "<script"));
  EXPECT_EQ(html.find("\xE2\x80\xA8"), std::string::npos);
  const codec::Json data = embedded(html);
  EXPECT_EQ(data["title"], kHostile);
  EXPECT_EQ(data["events"][0]["what"], kHostile);
  EXPECT_EQ(data["events"][0]["payload"]["type"], kHostile);
}

TEST(RenderRun, PageCarriesTheHeaderAndEveryEvent) {
  const RunPage page = sample::page(msec(200));
  const std::string html = render_run(page);
  EXPECT_EQ(html.find("__DSLAB_DATA__"), std::string::npos);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("http://", html.find("<script")) , html.find("http://www.w3.org/2000/svg"))
      << "the page loads nothing: the only URL is the SVG namespace";
  const codec::Json data = embedded(html);
  EXPECT_EQ(data["nodes"], 3);
  EXPECT_EQ(data["replay"], "dslab replay runtime Viewer.Sample --seed 7");
  EXPECT_EQ(data["events"].size(), page.events.size());
  EXPECT_NE(data["failure"].get<std::string>().find("safety"), std::string::npos);
}

TEST(SimulatorTrace, DeliveriesAndArrivalDropsNameTheSendThatQueuedThem) {
  const codec::Json events = sample::page(msec(200)).events;
  std::size_t linked = 0, copies = 0;
  for (const auto& e : events) {
    const std::string kind = e["kind"];
    if (kind == "deliver") {
      ASSERT_TRUE(e.contains("cause")) << e.dump();
    }
    if (!e.contains("cause")) continue;
    const auto& send = events[e["cause"].get<std::size_t>()];
    EXPECT_TRUE(send["kind"] == "send" || send["kind"] == "duplicate") << send.dump();
    EXPECT_EQ(send["what"], e["what"]);
    EXPECT_EQ(send["node"], kind == "deliver" ? e["peer"] : e["node"]);  // sender
    EXPECT_LT(send["i"].get<std::uint64_t>(), e["i"].get<std::uint64_t>());
    ++linked;
    copies += send["kind"] == "duplicate" ? 1 : 0;
  }
  EXPECT_GT(linked, 50u);
  EXPECT_GT(copies, 0u) << "the sample duplicates messages; their copies name the duplicate";
}

TEST(SimulatorTrace, HandlerEventsCarryTheNodeStateAndPartitionsTheirGroups) {
  const codec::Json events = sample::page(msec(200)).events;
  bool partition = false;
  for (const auto& e : events) {
    const std::string kind = e["kind"];
    if (kind == "timer" || kind == "deliver" || kind == "start") {
      ASSERT_TRUE(e.contains("state")) << e.dump();
      EXPECT_TRUE(e["state"].contains("round_trips")) << e.dump();
    } else {
      EXPECT_FALSE(e.contains("state")) << e.dump();
    }
    if (kind == "partition") {
      EXPECT_EQ(e["payload"]["groups"], codec::Json::parse("[[1,2],[3]]"));
      partition = true;
    }
  }
  EXPECT_TRUE(partition);
}

TEST(EventsFromJsonLines, ReadsWhatTheRecorderWritesAndNamesABadLine) {
  trace::Recorder recorder;
  recorder.record(1, trace::Kind::kCrash, 2, 0, 0, "crash");
  recorder.record(2, trace::Kind::kRestart, 2, 0, 0, "restart", "0 storage keys");
  std::stringstream lines;
  recorder.write_json_lines(lines);
  EXPECT_EQ(events_from_json_lines(lines), events_json(recorder.events()));
  std::stringstream bad("{\"i\":0}\nnot json\n");
  EXPECT_THROW(events_from_json_lines(bad), std::invalid_argument);
}

TEST(PageFileName, KeepsOnlySafeCharacters) {
  EXPECT_EQ(page_file_name("lab3-paxos", "Safety.OneValue/2", 8812),
            "lab3-paxos.Safety.OneValue_2.seed8812.html");
  EXPECT_EQ(page_file_name("../x", "a b", 1), ".._x.a_b.seed1.html");
}

lincheck::FileReport violated_register() {
  // Client 1 writes 1; client 2 then reads 2, which nobody wrote.
  std::istringstream in(
      "{\"type\":\"invoke\",\"id\":1,\"client\":1,\"time\":0,\"f\":\"write\",\"value\":1}\n"
      "{\"type\":\"ok\",\"id\":1,\"time\":10}\n"
      "{\"type\":\"invoke\",\"id\":2,\"client\":2,\"time\":20,\"f\":\"read\"}\n"
      "{\"type\":\"ok\",\"id\":2,\"time\":30,\"value\":2}\n");
  return lincheck::check_stream(in, "h.jsonl", lincheck::ModelKind::kRegister, {}, false, true);
}

TEST(RenderHistory, CarriesEveryOperationAndTheExplanation) {
  const lincheck::FileReport report = violated_register();
  ASSERT_EQ(report.result.verdict, lincheck::Verdict::kNotLinearizable);
  ASSERT_EQ(report.operations.size(), 2u);
  const codec::Json data = embedded(render_history(report, "h.jsonl </script>"));
  EXPECT_EQ(data["title"], "h.jsonl </script>");
  EXPECT_EQ(data["verdict"], "not linearizable");
  ASSERT_EQ(data["operations"].size(), 2u);
  EXPECT_EQ(data["operations"][1]["client"], 2);
  // The blocked operation is named exactly as the page's operation is, so the page can mark it.
  EXPECT_EQ(data["explanation"]["blocked"][0], data["operations"][1]["text"]);
  EXPECT_EQ(data["explanation"]["prefix"][0], data["operations"][0]["text"]);
}

// The browser tests: skipped (with the reason) where chromium is not installed.
class Browser : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = find_chromium();
    if (!chromium_) GTEST_SKIP() << "chromium is not installed (ci/setup installs it): browser test skipped";
  }
  std::string load(const std::string& html, const std::string& name, const std::string& fragment = "") {
    const auto path = std::filesystem::temp_directory_path() / ("dslab-viewer-test-" + name);
    EXPECT_EQ(write_page(path, html), "");
    std::string error;
    auto dom = dump_dom(*chromium_, path, std::chrono::seconds(8), error, fragment);
    std::filesystem::remove(path);
    EXPECT_TRUE(dom) << error;
    return dom.value_or("");
  }
  std::optional<std::filesystem::path> chromium_;
};

TEST_F(Browser, RunPageDrawsEveryLaneAndMessageAndMarksTheFailure) {
  const RunPage page = sample::page(msec(120));
  const std::string dom = load(render_run(page), "run.html");
  ASSERT_EQ(attribute(dom, "data-rendered"), "1") << dom.substr(0, 2000);
  EXPECT_EQ(attribute(dom, "data-errors"), "0");
  for (int n = 1; n <= page.nodes; ++n) {
    EXPECT_NE(dom.find("data-lane=\"" + std::to_string(n) + "\""), std::string::npos) << n;
  }
  std::size_t arrows = 0;
  std::uint64_t failing = 0;
  for (const auto& e : page.events) {
    if (e.contains("cause")) {
      const std::string id = fmt::format("data-arrow=\"{}-{}\"", e["cause"].get<std::uint64_t>(),
                                         e["i"].get<std::uint64_t>());
      EXPECT_NE(dom.find(id), std::string::npos) << id;
      ++arrows;
    }
    if (e["kind"] == "violation" && failing == 0) failing = e["i"];
  }
  EXPECT_GT(arrows, 20u);
  EXPECT_NE(dom.find(fmt::format("data-i=\"{}\" data-kind=\"violation\" data-failing=\"true\"", failing)),
            std::string::npos);
  EXPECT_NE(dom.find("data-down=\"2\""), std::string::npos) << "n2's crash is drawn on its lane";
  EXPECT_NE(dom.find("data-band=\"partition {n1,n2} | {n3}\""), std::string::npos);
  // The click on the failing event ran: the details name it.
  EXPECT_NE(dom.find("(the failing check)"), std::string::npos);
  EXPECT_EQ(dom.find("<script>alert"), std::string::npos);
}

TEST_F(Browser, AnEventShowsTheNodesStateBeforeAndAfterIt) {
  const RunPage page = sample::page(msec(120));
  // The second Pong delivered to n1: it counts a round trip, so "round_trips" changes.
  std::uint64_t chosen = 0;
  int pongs = 0;
  for (const auto& e : page.events) {
    if (e["kind"] == "deliver" && e["node"] == 1 && e["payload"]["type"] == "Pong" && ++pongs == 2) {
      chosen = e["i"];
    }
  }
  ASSERT_GT(chosen, 0u);
  const std::string dom = load(render_run(page), "state.html", fmt::format("event={}", chosen));
  EXPECT_EQ(attribute(dom, "data-errors"), "0");
  EXPECT_NE(dom.find(fmt::format("#{}  deliver", chosen)), std::string::npos) << "the event is selected";
  EXPECT_NE(dom.find("<h4>n1 before</h4><pre>"), std::string::npos) << dom.substr(dom.find("id=\"details\""), 3000);
  EXPECT_NE(dom.find("<h4>n1 after (#" + std::to_string(chosen) + ")</h4><pre>"), std::string::npos);
  EXPECT_NE(dom.find("<span class=\"changed\">  \"round_trips\""), std::string::npos)
      << "the changed field is marked";
}

TEST_F(Browser, HistoryPageDrawsEveryOperationWithItsRole) {
  const std::string dom = load(render_history(violated_register(), "h.jsonl"), "history.html");
  ASSERT_EQ(attribute(dom, "data-rendered"), "1") << dom.substr(0, 2000);
  EXPECT_EQ(attribute(dom, "data-errors"), "0");
  EXPECT_NE(dom.find("data-op=\"0\" data-role=\"prefix\""), std::string::npos);
  EXPECT_NE(dom.find("data-op=\"1\" data-role=\"blocked\""), std::string::npos);
  EXPECT_NE(dom.find("cannot be placed next"), std::string::npos);
}

}  // namespace
}  // namespace dslab::viewer
