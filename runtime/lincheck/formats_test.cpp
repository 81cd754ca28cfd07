// Tests of the history file parsers and their error messages.
#include <gtest/gtest.h>

#include <sstream>

#include "runtime/lincheck/checker.hpp"
#include "runtime/lincheck/formats.hpp"
#include "runtime/lincheck/run.hpp"
#include "runtime/lincheck/test_support.hpp"

namespace dslab::lincheck {
namespace {

using testsupport::input_error;
using testsupport::read_error;

TEST(JepsenEtcd, ParsesReadsWritesCasAndTimeouts) {
  std::istringstream in(
      "INFO  jepsen.util - 0\t:invoke\t:write\t4\n"
      "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
      "INFO  jepsen.util - 0\t:ok\t:write\t4\n"
      "INFO  jepsen.util - 1  :ok  :read  4\n"  // spaces instead of tabs occur in the data
      "INFO  jepsen.util - 2\t:invoke\t:cas\t[4 2]\n"
      "INFO  jepsen.util - 2\t:fail\t:cas\t[4 2]\n"
      "INFO  jepsen.util - 3\t:invoke\t:read\tnil\n"
      "INFO  jepsen.util - 3\t:fail\t:read\t:timed-out\n"
      "INFO  jepsen.util - 4\t:invoke\t:cas\t[nil 1]\n"
      "INFO  jepsen.util - 4\t:info\t:cas\t:timed-out\n"
      "\n"
      "INFO  jepsen.util - 5\t:invoke\t:write\t1\n");
  const auto parsed = read_register(in, "t.log");
  const auto& h = parsed.history;
  ASSERT_EQ(h.size(), 6u);
  EXPECT_EQ(h[0].input.kind, RegisterModel::Input::Kind::kWrite);
  EXPECT_EQ(h[0].call, 1);
  EXPECT_EQ(h[0].ret, 3);
  EXPECT_EQ(h[1].output->value, RegisterModel::Value{4});
  EXPECT_EQ(h[2].input.expected, RegisterModel::Value{4});
  EXPECT_FALSE(h[2].output->ok);
  EXPECT_FALSE(h[3].known());
  EXPECT_FALSE(h[4].known());
  EXPECT_EQ(h[4].input.expected, std::nullopt);
  EXPECT_FALSE(h[5].known());  // never returned
  EXPECT_EQ(check(parsed.model, h).verdict, Verdict::kNotLinearizable);  // cas [4 2] failed on 4
}

TEST(JepsenEtcd, MalformedLinesNameFileAndLine) {
  auto parse = [](const std::string& text) { return read_error(read_register, text, "bad.log"); };
  EXPECT_EQ(parse("INFO  jepsen.util - 0\t:invoke\t:write\tfour\n"),
            "bad.log:1: write needs an integer value, got 'four'");
  EXPECT_EQ(parse("INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:ok\t:read\t3\n"),
            "bad.log:2: completion without a matching invoke");
  EXPECT_EQ(parse("INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:write\t3\n"),
            "bad.log:2: completion :write does not match the pending :read of process 0");
  EXPECT_EQ(parse("INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:invoke\t:read\tnil\n"),
            "bad.log:2: invoke while operation from line 1 of the same client/id is still open");
  EXPECT_EQ(parse("INFO  x\n"),
            "bad.log:1: expected 'INFO jepsen.util - <process> :<type> :<f> <value>'");
  EXPECT_EQ(parse("\nhello\n"),
            "bad.log:2: unrecognised history format: the first line that is not blank or a ';' "
            "comment is neither a Jepsen etcd log line ('INFO jepsen.util - ...'), an EDN map "
            "('{:process ...}') nor a JSON object ('{\"type\": ...}')");
}

TEST(EdnKv, ParsesGetPutAppend) {
  std::istringstream in(
      "{:process 1, :type :invoke, :f :put, :key \"a\", :value \"x\"}\n"
      "{:process 2, :type :invoke, :f :get, :key \"a\", :value nil}\n"
      "{:process 1, :type :ok, :f :put, :key \"a\", :value \"x\"}\n"
      "{:process 2, :type :ok, :f :get, :key \"a\", :value \"x\"}\n"
      "{:process 3, :type :invoke, :f :append, :key \"a\", :value \"y \\\"q\\\"\"}\n"
      "{:process 3, :type :ok, :f :append, :key \"a\", :value \"y\"}\n"
      "{:process 4, :type :invoke, :f :get, :key \"b\", :value nil}\n"
      "{:process 4, :type :ok, :f :get, :key \"b\", :value nil}\n");
  const auto parsed = read_kv(in, "kv.txt");
  ASSERT_EQ(parsed.history.size(), 4u);
  EXPECT_EQ(parsed.history[1].output->value, "x");
  EXPECT_EQ(parsed.history[2].input.value, "y \"q\"");
  EXPECT_EQ(parsed.history[3].output->value, "");
  EXPECT_EQ(check(parsed.model, parsed.history).verdict, Verdict::kLinearizable);
}

TEST(EdnKv, MalformedLinesNameFileAndLine) {
  auto parse = [](const std::string& text) { return read_error(read_kv, text, "kv.txt"); };
  EXPECT_EQ(parse("{:process 1, :type :invoke, :f :put, :key \"a\"}\n"), "kv.txt:1: missing :value");
  EXPECT_EQ(parse("{:process 1, :type :invoke, :f :get, :key \"a\"\n"), "kv.txt:1: unterminated EDN map");
  EXPECT_EQ(parse("{:process 1, :type :invoke, :f :delete, :key \"a\", :value nil}\n"),
            "kv.txt:1: unknown :f ':delete' (expected :get, :put or :append)");
  EXPECT_EQ(parse("INFO  jepsen.util - 0\t:invoke\t:read\tnil\n"),
            "kv.txt: Jepsen etcd files hold register histories; choose that model");
}

TEST(JsonLines, ParsesEveryModelWithIdsTimesAndInitialState) {
  std::istringstream bank(
      R"({"type":"init","balances":{"a":10}})"
      "\n"
      R"({"type":"invoke","id":1,"client":0,"time":100,"f":"transfer","from":"a","to":"b","amount":4})"
      "\n"
      R"({"type":"invoke","id":2,"client":1,"time":110,"f":"balance","account":"b"})"
      "\n"
      R"({"type":"ok","id":2,"time":120,"value":4})"
      "\n"
      R"({"type":"ok","id":1,"time":130,"ok":true})"
      "\n"
      R"({"type":"invoke","id":3,"client":1,"time":140,"f":"withdraw","account":"a","amount":1})"
      "\n"
      R"({"type":"info","id":3,"time":150})"
      "\n"
      R"({"type":"invoke","id":4,"client":2,"time":160,"f":"deposit","account":"c","amount":1})"
      "\n"
      R"({"type":"fail","id":4,"time":170})"
      "\n");
  const auto parsed = read_bank(bank, "b.jsonl");
  ASSERT_EQ(parsed.history.size(), 3u);  // the failed deposit is dropped
  EXPECT_EQ(parsed.history[0].call, 100);
  EXPECT_EQ(parsed.history[0].ret, 130);
  EXPECT_FALSE(parsed.history[2].known());
  EXPECT_EQ(check(parsed.model, parsed.history).verdict, Verdict::kLinearizable);

  std::istringstream reg(
      R"({"type":"init","value":1})"
      "\n"
      R"({"type":"invoke","client":0,"f":"cas","from":1,"to":2})"
      "\n"
      R"({"type":"ok","client":0,"ok":true})"
      "\n"
      R"({"type":"invoke","client":0,"f":"read"})"
      "\n"
      R"({"type":"ok","client":0,"value":2})"
      "\n");
  const auto r = read_register(reg, "r.jsonl");
  ASSERT_EQ(r.history.size(), 2u);
  EXPECT_EQ(r.history[1].call, 4);  // line numbers stand in for missing times
  EXPECT_EQ(check(r.model, r.history).verdict, Verdict::kLinearizable);

  std::istringstream kv(
      R"({"type":"invoke","client":0,"f":"append","key":"k","value":"a"})"
      "\n"
      R"({"type":"ok","client":0})"
      "\n"
      R"({"type":"invoke","client":1,"f":"get","key":"k"})"
      "\n"
      R"({"type":"ok","client":1,"value":"b"})"
      "\n");
  const auto k = read_kv(kv, "k.jsonl");
  EXPECT_EQ(check(k.model, k.history).verdict, Verdict::kNotLinearizable);
}

TEST(JsonLines, MalformedLinesNameFileAndLine) {
  auto parse = [](const std::string& text) { return read_error(read_bank, text, "b.jsonl"); };
  EXPECT_EQ(parse("{\"type\":\"invoke\"\n"), "b.jsonl:1: not a JSON object");
  EXPECT_EQ(parse("\n{\"type\":\"invoke\",\"client\":0,\"f\":\"withdraw\",\"account\":\"a\",\"amount\":-1}\n"),
            "b.jsonl:2: field \"amount\" must not be negative");
  EXPECT_EQ(parse("{\"type\":\"invoke\",\"client\":0,\"f\":\"rob\"}\n"),
            "b.jsonl:1: unknown operation \"rob\" (expected deposit, withdraw, balance or transfer)");
  EXPECT_EQ(parse("{\"type\":\"invoke\",\"client\":0,\"f\":\"balance\"}\n"),
            "b.jsonl:1: missing field \"account\"");
  EXPECT_EQ(parse("{\"type\":\"invoke\",\"client\":0,\"time\":5,\"f\":\"balance\",\"account\":\"a\"}\n"
                  "{\"type\":\"ok\",\"client\":0,\"time\":4,\"value\":0}\n"),
            "b.jsonl:2: completion time is before the invoke time");
  EXPECT_EQ(parse("{\"type\":\"invoke\",\"id\":1,\"client\":0,\"f\":\"balance\",\"account\":\"a\"}\n"
                  "{\"type\":\"ok\",\"client\":0,\"value\":0}\n"),
            "b.jsonl:2: either every event has an \"id\" or none does");
  EXPECT_EQ(parse("{\"type\":\"invoke\",\"client\":0,\"f\":\"balance\",\"account\":\"a\"}\n"
                  "{\"type\":\"init\",\"balances\":{}}\n"),
            "b.jsonl:2: \"init\" must be the first line");
}

TEST(CheckFile, MissingFileIsAnInputError) {
  EXPECT_EQ(input_error([] { check_file("/nonexistent/h.jsonl", ModelKind::kKv, {}); }),
            "/nonexistent/h.jsonl: no such file");
}

TEST(CheckFile, SummaryLineHasFileVerdictAndCount) {
  std::istringstream in(R"({"type":"invoke","client":0,"f":"get","key":"k"})"
                        "\n"
                        R"({"type":"ok","client":0,"value":"z"})"
                        "\n");
  const FileReport report = check_stream(in, "h.jsonl", ModelKind::kKv, {});
  const std::string line = summary_line(report);
  EXPECT_EQ(line.rfind("h.jsonl  not linearizable  1 ops  ", 0), 0u) << line;
  EXPECT_EQ(parse_model_kind("bank"), ModelKind::kBank);
  EXPECT_EQ(parse_model_kind("queue"), std::nullopt);
}

}  // namespace
}  // namespace dslab::lincheck
