// Tests of trace recording, hashing, JSON lines, rendering and divergence search.
#include "runtime/trace/trace.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace dslab::trace {
namespace {

TEST(Trace, HashDependsOnEveryFieldAndOrder) {
  Recorder a, b, c;
  a.record(1, Kind::kSend, 1, 2, 42);
  a.record(2, Kind::kDeliver, 2, 1, 42);
  b.record(1, Kind::kSend, 1, 2, 42);
  b.record(2, Kind::kDeliver, 2, 1, 42);
  c.record(2, Kind::kDeliver, 2, 1, 42);
  c.record(1, Kind::kSend, 1, 2, 42);
  EXPECT_EQ(a.hash(), b.hash());
  EXPECT_NE(a.hash(), c.hash());
  Recorder d;
  d.record(1, Kind::kSend, 1, 3, 42);
  d.record(2, Kind::kDeliver, 2, 1, 42);
  EXPECT_NE(a.hash(), d.hash());
}

TEST(Trace, OffLevelRecordsNothingAndHashLevelKeepsNoEvents) {
  Recorder off(Level::kOff), hash(Level::kHash), full(Level::kFull);
  for (auto* r : {&off, &hash, &full}) r->record(5, Kind::kCrash, 3, 0, 1, "crash");
  EXPECT_EQ(off.count(), 0u);
  EXPECT_EQ(hash.count(), 1u);
  EXPECT_TRUE(hash.events().empty());
  EXPECT_EQ(hash.hash(), full.hash());
  ASSERT_EQ(full.events().size(), 1u);
}

TEST(Trace, JsonLinesHaveOneObjectPerEvent) {
  Recorder r;
  r.record(1500, Kind::kSend, 1, 2, 9, "Ping(seq=1)", "delay 1.000ms", codec::Json{{"seq", 1}});
  r.record(2500, Kind::kDeliver, 2, 1, 9, "Ping(seq=1)");
  const std::uint64_t hash = r.hash();
  r.set_cause_of_last(0);
  r.set_state(1, codec::Json{{"seen", 1}});
  EXPECT_EQ(r.hash(), hash) << "causes and states are not part of the run's hash";
  std::ostringstream out;
  r.write_json_lines(out);
  EXPECT_EQ(out.str(),
            "{\"i\":0,\"t\":1500,\"kind\":\"send\",\"node\":1,\"peer\":2,\"what\":\"Ping(seq=1)\","
            "\"payload\":{\"seq\":1},\"decision\":\"delay 1.000ms\"}\n"
            "{\"i\":1,\"t\":2500,\"kind\":\"deliver\",\"node\":2,\"peer\":1,\"what\":\"Ping(seq=1)\","
            "\"cause\":0,\"state\":{\"seen\":1}}\n");
}

TEST(Trace, RenderingDrawsArrowsTowardTheReceiverAndKeepsTheLastN) {
  Recorder r;
  r.record(1000, Kind::kSend, 3, 1, 0, "Accept(round=5)", "delay 1.000ms");
  r.record(2000, Kind::kSend, 1, 3, 0, "Accepted(round=5)");
  r.record(3000, Kind::kOutput, 1, 0, 0, "Decided(\"b\")");
  const std::string all = render_text(r.events(), RenderOptions{.nodes = 3, .column_width = 10});
  EXPECT_NE(all.find("◀───────────────────●"), std::string::npos) << all;
  EXPECT_NE(all.find("●───────────────────▶"), std::string::npos) << all;
  EXPECT_NE(all.find("[delay 1.000ms]"), std::string::npos) << all;
  const std::string last = render_text(r.events(), RenderOptions{.nodes = 3, .last = 1, .column_width = 10});
  EXPECT_EQ(last.find("Accept(round=5)"), std::string::npos) << last;
  EXPECT_NE(last.find("output Decided"), std::string::npos) << last;
}

// Display columns of a UTF-8 line (the trace's box-drawing characters are one column each).
int columns(const std::string& line) {
  int n = 0;
  for (const char c : line) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

TEST(Trace, RenderingOfFiveNodesFitsOneHundredColumnsAndWrapsLongBodies) {
  Recorder r;
  const std::string body = "Promise(round=12, accepted_round=7, accepted_value=\"a rather long client "
                           "value that cannot fit on one line\", from=5)";
  r.record(1000, Kind::kSend, 5, 1, 0, body, "delay 1.234ms");
  r.record(2000, Kind::kOutput, 3, 0, 0, "Decided(\"b\")");
  const std::string text = render_text(r.events(), RenderOptions{.nodes = 5});
  std::size_t start = 0;
  int lines = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    EXPECT_LE(columns(line), 100) << "line " << lines << " is too wide:\n" << text;
    start = end + 1;
    ++lines;
  }
  EXPECT_GE(lines, 4) << "the long body continues on a second line:\n" << text;
  for (const char* piece : {"Promise(round=12,", "cannot fit on one line\",", "from=5) → n1", "[delay 1.234ms]"}) {
    EXPECT_NE(text.find(piece), std::string::npos) << "nothing of the body is lost: " << piece << "\n" << text;
  }
  EXPECT_NE(text.find("◀"), std::string::npos) << text;
}

TEST(Trace, FirstDivergenceNamesTheEventAndBothVersions) {
  Recorder a, b;
  for (auto* r : {&a, &b}) r->record(1, Kind::kStart, 1, 0, 0, "start");
  a.record(2, Kind::kSend, 1, 2, 1, "Ping(seq=1)");
  b.record(2, Kind::kSend, 1, 2, 2, "Ping(seq=2)");
  const auto d = first_divergence(a.events(), b.events());
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->index, 1u);
  EXPECT_NE(d->describe().find("Ping(seq=1)"), std::string::npos);
  EXPECT_NE(d->describe().find("Ping(seq=2)"), std::string::npos);
  EXPECT_FALSE(first_divergence(a.events(), a.events()).has_value());
  Recorder shorter;
  shorter.record(1, Kind::kStart, 1, 0, 0, "start");
  const auto e = first_divergence(a.events(), shorter.events());
  ASSERT_TRUE(e.has_value());
  EXPECT_NE(e->describe().find("(run ended)"), std::string::npos);
}

}  // namespace
}  // namespace dslab::trace
