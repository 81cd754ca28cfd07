// Tests of the JSON and text views of codec values.
#include "runtime/codec/view.hpp"

#include <gtest/gtest.h>

#include "runtime/codec/codec_test_types.hpp"

namespace dslab::codec {
namespace {
using namespace testtypes;

TEST(View, JsonHasTypeAndFieldNamesWithoutTrailingUnderscore) {
  Acceptor a;
  a.promise(4);
  EXPECT_EQ(to_json(a).dump(), R"({"type":"Acceptor","promised":4,"accepted":null})");
  EXPECT_EQ(to_json(Message{Promise{2, Proposal{1, "x"}}}).dump(),
            R"({"type":"Promise","round":2,"accepted":{"type":"Proposal","round":1,"value":"x"}})");
}

TEST(View, TextIsCompactAndQuotesStrings) {
  EXPECT_EQ(to_text(Message{Promise{2, Proposal{1, "x\n"}}}),
            "Promise(round=2, accepted=Proposal(round=1, value=\"x\\x0a\"))");
  EXPECT_EQ(to_text(Message{Heartbeat{}}), "Heartbeat()");
  EXPECT_EQ(to_text(std::vector<int>{1, 2}), "[1, 2]");
  EXPECT_EQ(alternative_name(Message{Prepare{1}}), "Prepare");
}

TEST(View, FieldNameSplittingHandlesSpacesAndUnderscores) {
  EXPECT_EQ(split_field_names(" a_, bb ,c__"), (std::vector<std::string>{"a", "bb", "c"}));
  EXPECT_TRUE(split_field_names("").empty());
}

}  // namespace
}  // namespace dslab::codec
