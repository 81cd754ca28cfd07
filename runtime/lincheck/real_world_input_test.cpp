// Tests of the history readers on unusual real-world input: numbers beyond 64 bits, bank
// overflow, directories and empty files, Jepsen's nemesis events, EDN comments, byte-order marks,
// and the messages of malformed lines. Bad input is an error naming file and line, never a
// verdict.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/lincheck/checker.hpp"
#include "runtime/lincheck/formats.hpp"
#include "runtime/lincheck/run.hpp"
#include "runtime/lincheck/test_support.hpp"

namespace dslab::lincheck {
namespace {

namespace fs = std::filesystem;

using testsupport::input_error;
using testsupport::read_error;

std::string jsonl_error(const std::string& text, ModelKind kind) {
  return input_error([&] {
    std::istringstream in(text);
    check_stream(in, "h.jsonl", kind, {});
  });
}

Verdict verdict_of(const std::string& text, ModelKind kind, const std::string& file = "h") {
  std::istringstream in(text);
  return check_stream(in, file, kind, {}).result.verdict;
}

TEST(RealWorldInput, JsonNumbersBeyondSixtyFourBitsAreErrorsNotWrappedValues) {
  // 2^63 would wrap to -2^63 and make this history "linearizable".
  EXPECT_EQ(jsonl_error("{\"type\":\"invoke\",\"client\":0,\"f\":\"write\",\"value\":9223372036854775808}\n"
                        "{\"type\":\"ok\",\"client\":0}\n",
                        ModelKind::kRegister),
            "h.jsonl:1: field \"value\" must be an integer that fits in 64 signed bits (-2^63 to 2^63-1)");
  // An id of 2^64-1 would match -1.
  EXPECT_EQ(jsonl_error("{\"type\":\"invoke\",\"id\":18446744073709551615,\"client\":0,\"f\":\"read\"}\n",
                        ModelKind::kRegister),
            "h.jsonl:1: field \"id\" must be an integer that fits in 64 signed bits (-2^63 to 2^63-1)");
  // A time of 2^64-1 would become -1 and pass the "return before call" check.
  EXPECT_EQ(jsonl_error("{\"type\":\"invoke\",\"client\":0,\"f\":\"read\",\"time\":5}\n"
                        "{\"type\":\"ok\",\"client\":0,\"value\":null,\"time\":18446744073709551615}\n",
                        ModelKind::kRegister),
            "h.jsonl:2: field \"time\" must be an integer that fits in 64 signed bits (-2^63 to 2^63-1)");
  EXPECT_EQ(jsonl_error("{\"type\":\"invoke\",\"client\":0,\"f\":\"read\",\"time\":-3}\n", ModelKind::kRegister),
            "h.jsonl:1: field \"time\" must be between 0 and 2^63-2");
  EXPECT_EQ(jsonl_error("{\"type\":\"invoke\",\"client\":4294967296,\"f\":\"read\"}\n", ModelKind::kRegister),
            "h.jsonl:1: field \"client\" must be a 32-bit integer");
  EXPECT_EQ(jsonl_error("{\"type\":\"init\",\"balances\":{\"a\":18446744073709551615}}\n", ModelKind::kBank),
            "h.jsonl:1: field \"a\" must be an integer that fits in 64 signed bits (-2^63 to 2^63-1)");
  // The extremes themselves are fine.
  EXPECT_EQ(verdict_of("{\"type\":\"invoke\",\"client\":0,\"f\":\"write\",\"value\":-9223372036854775808}\n"
                       "{\"type\":\"ok\",\"client\":0}\n"
                       "{\"type\":\"invoke\",\"client\":0,\"f\":\"read\"}\n"
                       "{\"type\":\"ok\",\"client\":0,\"value\":-9223372036854775808}\n",
                       ModelKind::kRegister),
            Verdict::kLinearizable);
}

// a holds 2^63-3: 5 more do not fit, 1 more does.
constexpr const char* kNearMax = "{\"type\":\"init\",\"balances\":{\"a\":9223372036854775805,\"b\":5}}\n";

TEST(RealWorldInput, BankRejectsADepositOrTransferThatWouldOverflowABalance) {
  const std::string deposit = "{\"type\":\"invoke\",\"client\":0,\"f\":\"deposit\",\"account\":\"a\",\"amount\":100}\n";
  // Accepting the deposit is not allowed: the balance cannot hold it.
  EXPECT_EQ(verdict_of(std::string(kNearMax) + deposit + "{\"type\":\"ok\",\"client\":0,\"ok\":true}\n",
                       ModelKind::kBank),
            Verdict::kNotLinearizable);
  // Rejecting it is right, and the balance is unchanged.
  EXPECT_EQ(verdict_of(std::string(kNearMax) + deposit + "{\"type\":\"ok\",\"client\":0,\"ok\":false}\n" +
                           "{\"type\":\"invoke\",\"client\":0,\"f\":\"balance\",\"account\":\"a\"}\n"
                           "{\"type\":\"ok\",\"client\":0,\"value\":9223372036854775805}\n",
                       ModelKind::kBank),
            Verdict::kLinearizable);
  // The wrapped-around balance is never a valid read, whatever the deposit answered.
  EXPECT_EQ(verdict_of(std::string(kNearMax) + deposit + "{\"type\":\"info\",\"client\":0}\n" +
                           "{\"type\":\"invoke\",\"client\":1,\"f\":\"balance\",\"account\":\"a\"}\n"
                           "{\"type\":\"ok\",\"client\":1,\"value\":-9223372036854775711}\n",
                       ModelKind::kBank),
            Verdict::kNotLinearizable);
  const std::string transfer =
      "{\"type\":\"invoke\",\"client\":0,\"f\":\"transfer\",\"from\":\"b\",\"to\":\"a\",\"amount\":5}\n"
      "{\"type\":\"invoke\",\"client\":1,\"f\":\"transfer\",\"from\":\"b\",\"to\":\"a\",\"amount\":1}\n";
  EXPECT_EQ(verdict_of(std::string(kNearMax) + transfer + "{\"type\":\"ok\",\"client\":0,\"ok\":false}\n" +
                           "{\"type\":\"ok\",\"client\":1,\"ok\":true}\n",
                       ModelKind::kBank),
            Verdict::kLinearizable);
  EXPECT_EQ(verdict_of(std::string(kNearMax) + transfer + "{\"type\":\"ok\",\"client\":0,\"ok\":true}\n" +
                           "{\"type\":\"ok\",\"client\":1,\"ok\":false}\n",
                       ModelKind::kBank),
            Verdict::kNotLinearizable);
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dslab-lincheck-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  fs::path dir_;
};

using CheckFileInput = TempDir;

TEST_F(CheckFileInput, ADirectoryAMissingFileAndAnEmptyHistoryAreErrors) {
  EXPECT_EQ(input_error([&] { check_file(dir_.string(), ModelKind::kKv, {}); }),
            dir_.string() + ": is a directory, not a history file");
  EXPECT_EQ(input_error([&] { check_file((dir_ / "nope.jsonl").string(), ModelKind::kKv, {}); }),
            (dir_ / "nope.jsonl").string() + ": no such file");
  const fs::path empty = write("empty.jsonl", "\n\n");
  EXPECT_EQ(input_error([&] { check_file(empty.string(), ModelKind::kKv, {}); }),
            empty.string() +
                ": the history holds no operation (an empty history is accepted only when asked for: "
                "dslab lincheck --allow-empty)");
  const FileReport allowed = check_file(empty.string(), ModelKind::kKv, {}, /*allow_empty=*/true);
  EXPECT_EQ(allowed.result.verdict, Verdict::kLinearizable);
  EXPECT_EQ(allowed.result.operations, 0u);
}

// A Jepsen kv history as Jepsen writes it: a comment, nemesis events, a trailing comment.
constexpr const char* kJepsenKv =
    "; generated by a Jepsen test\n"
    "{:process 0, :type :invoke, :f :append, :key \"0\", :value \"x\"}\n"
    "{:process :nemesis, :type :info, :f :start-partition, :value nil}\n"
    "{:process 0, :type :ok, :f :append, :key \"0\", :value \"x\"} ; acknowledged\n"
    "{:process :nemesis, :type :info, :f :start-partition, :value [:isolated {\"n1\" #{\"n2\"}}]}\n"
    "{:process 1, :type :invoke, :f :get, :key \"0\", :value nil}\n"
    "{:process 1, :type :ok, :f :get, :key \"0\", :value \"%s\"}\n";

std::string jepsen_kv(const std::string& read) {
  std::string text = kJepsenKv;
  text.replace(text.find("%s"), 2, read);
  return text;
}

TEST(RealWorldInput, JepsenNemesisEventsAndEdnCommentsAreSkipped) {
  EXPECT_EQ(verdict_of(jepsen_kv("x"), ModelKind::kKv), Verdict::kLinearizable);
  EXPECT_EQ(verdict_of(jepsen_kv("y"), ModelKind::kKv), Verdict::kNotLinearizable);
  EXPECT_EQ(input_error([] {
              std::istringstream in("{:process \"p1\", :type :invoke, :f :get, :key \"0\", :value nil}\n");
              read_kv(in, "kv.edn");
            }),
            "kv.edn:1: :process must be an integer (or :nemesis, whose events are skipped), got 'p1'");
}

TEST(RealWorldInput, AByteOrderMarkIsSkippedInEveryFormat) {
  const std::string bom = "\xEF\xBB\xBF";
  EXPECT_EQ(verdict_of(bom + jepsen_kv("x"), ModelKind::kKv), Verdict::kLinearizable);
  EXPECT_EQ(verdict_of(bom + "{\"type\":\"invoke\",\"client\":0,\"f\":\"read\"}\n"
                             "{\"type\":\"ok\",\"client\":0,\"value\":null}\n",
                       ModelKind::kRegister),
            Verdict::kLinearizable);
  EXPECT_EQ(verdict_of(bom + "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
                             "INFO  jepsen.util - 1\t:ok\t:read\tnil\n",
                       ModelKind::kRegister),
            Verdict::kLinearizable);
}

TEST(RealWorldInput, MessagesNameTheRealCause) {
  auto etcd = [](const std::string& text) { return read_error(read_register, text, "etcd.log"); };
  EXPECT_EQ(etcd("INFO  jepsen.util - 3\t:invoke\t:write\t4 :hint 0\n"),
            "etcd.log:1: unexpected ':hint 0' after the value of :write (expected 'INFO jepsen.util - "
            "<process> :invoke :write <integer>')");
  EXPECT_EQ(etcd("INFO  jepsen.util - 3\t:invoke\t:write\t99999999999999999999\n"),
            "etcd.log:1: write value '99999999999999999999' is out of the 64-bit range");
  EXPECT_EQ(etcd("INFO  jepsen.util - 99999999999999999999\t:invoke\t:read\tnil\n"),
            "etcd.log:1: process '99999999999999999999' is out of the 64-bit range");
  auto edn = [](const std::string& text) { return read_error(read_kv, text, "kv.edn"); };
  EXPECT_EQ(edn("{:process 0, :type :invoke, :f :put, :key \"0\", :value \"unterminated}\n"),
            "kv.edn:1: unterminated EDN string (no closing '\"' on this line)");
  EXPECT_EQ(edn("{:process 18446744073709551616, :type :invoke, :f :get, :key \"0\"}\n"),
            "kv.edn:1: EDN integer '18446744073709551616' is out of the 64-bit range");
}

}  // namespace
}  // namespace dslab::lincheck
