// Reading GoogleTest JSON result files defensively (see gtest_result.hpp).
#include "grader/grading/gtest_result.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>

#include "grader/report/score.hpp"
#include "runtime/testing/facts.hpp"
#include "runtime/text/clean.hpp"

namespace dslab::grading {
namespace fs = std::filesystem;
using nlohmann::json;
namespace {

using Verdict = GtestOutcome::Verdict;

GtestOutcome unreadable(std::string why) {
  GtestOutcome o;
  o.verdict = Verdict::kUnreadable;
  o.why = std::move(why);
  return o;
}

// A string member of `j`, or nullopt when absent or not a string.
std::optional<std::string> string_at(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return gtest_bytes(it->get_ref<const std::string&>());
}

// The testcase object of `test` in the document, or nullptr.
const json* find_test(const json& doc, std::string_view test) {
  const auto dot = test.find('.');
  if (dot == std::string_view::npos) return nullptr;
  const auto suites = doc.find("testsuites");
  if (suites == doc.end() || !suites->is_array()) return nullptr;
  for (const auto& suite : *suites) {
    if (!suite.is_object() || string_at(suite, "name") != test.substr(0, dot)) continue;
    const auto cases = suite.find("testsuite");
    if (cases == suite.end() || !cases->is_array()) continue;
    for (const auto& t : *cases) {
      if (t.is_object() && string_at(t, "name") == test.substr(dot + 1)) return &t;
    }
  }
  return nullptr;
}

// "0.123s" -> 123 (ms); nullopt when malformed.
std::optional<std::int64_t> parse_gtest_time(const std::string& text) {
  if (text.empty() || text.back() != 's') return std::nullopt;
  double seconds = 0;
  const char* end = text.data() + text.size() - 1;
  const auto [ptr, ec] = std::from_chars(text.data(), end, seconds);
  if (ec != std::errc() || ptr != end || !(seconds >= 0) || seconds > 1e9) return std::nullopt;
  return static_cast<std::int64_t>(seconds * 1000.0 + 0.5);
}

// GoogleTest writes "file:line\nmessage" per failure: keep the messages.
std::string failure_messages(const json& t) {
  const auto list = t.find("failures");
  if (list == t.end() || !list->is_array()) return "";
  std::string out;
  for (const auto& f : *list) {
    if (!f.is_object()) continue;
    const std::string text = string_at(f, "failure").value_or("");
    const auto nl = text.find('\n');
    out += (out.empty() ? "" : "\n") + (nl == std::string::npos ? text : text.substr(nl + 1));
    if (out.size() > report::kMaxDetailBytes * 2) break;
  }
  return text::clean_text(out, {.multiline = true, .max_bytes = report::kMaxDetailBytes});
}

void read_facts(const json& t, GtestOutcome& o) {
  namespace key = labkit::fact_key;
  for (const char* k : {key::kKind, key::kProperty, key::kMessage, key::kSeed, key::kReplay,
                        key::kTraceExcerpt}) {
    if (auto v = string_at(t, k)) {
      o.facts[k] = text::clean_text(*v, {.multiline = true, .max_bytes = report::kMaxDetailBytes});
    }
  }
}

// The first `lines` lines of `text` as one line: runs of spaces squeezed, bounded.
std::string reason_line(const std::string& text, std::size_t lines) {
  const std::string flat = text::clean_line(text::first_lines(text, lines));
  std::string out;
  for (const char c : flat) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return text::clean_line(out, report::kMaxReasonBytes);
}

}  // namespace

std::string gtest_bytes(std::string_view decoded) {
  std::string out;
  out.reserve(decoded.size());
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    const auto b = static_cast<unsigned char>(decoded[i]);
    // U+0080..U+00FF is C2/C3 followed by one continuation byte.
    if ((b == 0xC2 || b == 0xC3) && i + 1 < decoded.size()) {
      const auto c = static_cast<unsigned char>(decoded[i + 1]);
      if ((c & 0xC0U) == 0x80U) {
        out += static_cast<char>(((b & 0x03U) << 6) | (c & 0x3FU));
        ++i;
        continue;
      }
    }
    out += decoded[i];
  }
  return out;
}

GtestOutcome read_gtest_outcome(std::string_view json_text, std::string_view test) {
  if (json_text.size() > kMaxResultFileBytes) return unreadable("the result file is too large");
  // Parsing never throws here: a syntax or encoding error is a discarded value.
  const json doc = json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return unreadable("the result file is not valid JSON");
  const json* t = find_test(doc, test);
  GtestOutcome o;
  if (t == nullptr) {
    o.verdict = Verdict::kAbsent;
    o.why = "the test binary does not contain this test (manifest and tests out of sync?)";
    return o;
  }
  if (const auto time = string_at(*t, "time")) o.test_ms = parse_gtest_time(*time);
  read_facts(*t, o);
  o.failures = failure_messages(*t);
  const auto status = string_at(*t, "status");
  const auto result = string_at(*t, "result");
  if (!status || !result) return unreadable("the result file lacks the test's status");
  if (*status != "RUN" || *result == "SKIPPED" || *result == "SUPPRESSED") {
    o.verdict = Verdict::kSkipped;
    o.why = "the test was skipped";
  } else {
    o.verdict = t->contains("failures") ? Verdict::kFailed : Verdict::kPassed;
  }
  return o;
}

void explain_failure(const GtestOutcome& outcome, report::TestResult& result) {
  namespace key = labkit::fact_key;
  const auto fact = [&outcome](const char* k) {
    const auto it = outcome.facts.find(k);
    return it == outcome.facts.end() ? std::string() : it->second;
  };
  const std::string message = fact(key::kMessage);
  const std::string& explained = message.empty() ? outcome.failures : message;
  // The kit's first line explains by design; a GoogleTest message whose first line announces
  // more ("Expected equality of these values:", then the values) gets its first few lines.
  const std::string first = text::first_lines(explained, 1);
  const bool announces = message.empty() && !first.empty() && first.back() == ':';
  if (!explained.empty()) result.reason = reason_line(explained, announces ? 6 : 1);
  std::string detail = explained;
  if (const std::string trace = fact(key::kTraceExcerpt); !trace.empty()) detail += "\n" + trace;
  result.detail = text::clean_text(detail, {.multiline = true, .max_bytes = report::kMaxDetailBytes});
  if (const std::string seed = fact(key::kSeed); !seed.empty()) {
    std::uint64_t value = 0;
    const auto [ptr, ec] = std::from_chars(seed.data(), seed.data() + seed.size(), value);
    if (ec == std::errc() && ptr == seed.data() + seed.size()) {
      result.seed = value;
    } else {
      result.detail = text::clean_text("(the recorded seed is not a number: " + seed + ")\n" + result.detail,
                                       {.multiline = true, .max_bytes = report::kMaxDetailBytes});
    }
  }
  if (const std::string replay = fact(key::kReplay); !replay.empty()) {
    result.replay = text::clean_line(replay, report::kMaxReasonBytes);
  }
  if (fact(key::kKind) == "nondeterministic") result.status = report::TestStatus::kNondeterministic;
  if (fact(key::kKind) == "isolation") result.status = report::TestStatus::kIsolation;
}

GtestOutcome read_gtest_outcome_file(const fs::path& file, std::string_view test) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) return unreadable("the test binary wrote no result file");
  if (size > kMaxResultFileBytes) return unreadable("the result file is too large");
  std::ifstream in(file, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(text.size()))) {
    return unreadable("the result file cannot be read");
  }
  return read_gtest_outcome(text, test);
}

}  // namespace dslab::grading
