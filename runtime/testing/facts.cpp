// Recording failure facts as GoogleTest properties (see facts.hpp).
#include "runtime/testing/facts.hpp"

#include <gtest/gtest.h>

#include <string_view>

#include "runtime/text/clean.hpp"

namespace dslab::labkit {
namespace {

bool already_recorded(const ::testing::TestResult& result) {
  for (int i = 0; i < result.test_property_count(); ++i) {
    if (std::string_view(result.GetTestProperty(i).key()) == fact_key::kMessage) return true;
  }
  return false;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> fact_properties(const Facts& facts) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto add_line = [&out](const char* key, const std::string& value) {
    if (!value.empty()) out.emplace_back(key, text::clean_line(value, kMaxShortFactBytes));
  };
  add_line(fact_key::kKind, facts.kind);
  add_line(fact_key::kProperty, facts.property);
  out.emplace_back(fact_key::kMessage,
                   text::clean_text(facts.message.empty() ? "the test failed" : facts.message,
                                    {.multiline = true, .max_bytes = kMaxFactBytes}));
  if (facts.seed) out.emplace_back(fact_key::kSeed, std::to_string(*facts.seed));
  add_line(fact_key::kReplay, facts.replay);
  if (!facts.trace_excerpt.empty()) {
    out.emplace_back(fact_key::kTraceExcerpt,
                     text::clean_text(facts.trace_excerpt,
                                      {.multiline = true, .max_bytes = kMaxTraceExcerptBytes}));
  }
  return out;
}

bool record_facts(const Facts& facts) {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (info == nullptr || already_recorded(*info->result())) return false;
  for (const auto& [key, value] : fact_properties(facts)) {
    ::testing::Test::RecordProperty(key, value);
  }
  return true;
}

}  // namespace dslab::labkit
