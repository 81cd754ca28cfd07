// Tests of the wire codec and stable hash: round trips, equality, malformed input.
#include "runtime/codec/wire.hpp"

#include <gtest/gtest.h>

#include "runtime/codec/codec_test_types.hpp"
#include "runtime/codec/hash.hpp"
#include "runtime/random/random.hpp"

namespace dslab::codec {
namespace {
using namespace testtypes;

Batch sample_batch() {
  return Batch{{1, 2, 3}, {{"a", -1}, {"b", 7}}, {5, -5}, true, {Heartbeat{}, Heartbeat{}}};
}

TEST(Codec, RoundTripsEveryAlternativeOfAVariant) {
  const std::vector<Message> messages{Prepare{5}, Promise{6, Proposal{3, "x"}}, Promise{7, {}},
                                      Heartbeat{}, sample_batch()};
  for (const auto& m : messages) {
    const Bytes bytes = encode(m);
    EXPECT_EQ(decode<Message>(bytes), m);
  }
}

// The length check of a container bounds its elements by the fewest bytes one can take, not by
// the size of a default element: a variant's default (its first alternative) may be larger than
// the alternatives the container holds, a field's default longer than the empty string.
struct Wide {
  std::string text = "a default longer than the empty string";
  std::int64_t a = 0, b = 0, c = 0;
  DSLAB_STATE(Wide, text, a, b, c)
};
struct Narrow {
  std::int32_t x = 0;
  DSLAB_STATE(Narrow, x)
};

TEST(Codec, ContainersOfSmallAlternativesOrShortFieldsRoundTrip) {
  const std::vector<std::variant<Wide, Narrow>> narrow(10, Narrow{3});
  EXPECT_EQ((decode<std::vector<std::variant<Wide, Narrow>>>(encode(narrow))), narrow);
  const std::vector<Wide> empty_texts(5, Wide{"", 1, 2, 3});
  EXPECT_EQ(decode<std::vector<Wide>>(encode(empty_texts)), empty_texts);
  EXPECT_EQ((min_encoded_size<std::variant<Wide, Narrow>>()), 8u);
  EXPECT_EQ(min_encoded_size<Wide>(), 28u);
}

TEST(Codec, EqualityComparesEveryDeclaredField) {
  EXPECT_EQ((Promise{1, Proposal{2, "v"}}), (Promise{1, Proposal{2, "v"}}));
  EXPECT_NE((Promise{1, Proposal{2, "v"}}), (Promise{1, Proposal{2, "w"}}));
  EXPECT_NE((Promise{1, Proposal{2, "v"}}), (Promise{1, std::nullopt}));
  Acceptor a, b;
  EXPECT_EQ(a, b);
  a.promise(3);
  EXPECT_NE(a, b);
  b.promise(3);
  EXPECT_EQ(a, b);
}

TEST(Codec, ClassWithPrivateStateRoundTrips) {
  Acceptor a;
  a.promise(9);
  a.accept(Proposal{9, "z"});
  EXPECT_EQ(decode<Acceptor>(encode(a)), a);
}

TEST(Codec, EncodingIsLittleEndianFixedWidth) {
  const Bytes bytes = encode(Message{Prepare{0x0102}});
  const Bytes expected{std::byte{0}, std::byte{0}, std::byte{0}, std::byte{0},  // index 0
                       std::byte{2}, std::byte{1}, std::byte{0}, std::byte{0},
                       std::byte{0}, std::byte{0}, std::byte{0}, std::byte{0}};
  EXPECT_EQ(bytes, expected);
}

TEST(Codec, HashIsStableAcrossRunsAndSensitiveToEveryField) {
  // A fixed value: if this changes, stored trace hashes from earlier versions stop matching.
  EXPECT_EQ(hash(Message{Prepare{5}}), 0xb981cdace663f1f0ULL);  // FNV-1a 64 of 00000000 0500000000000000
  EXPECT_NE(hash(Promise{1, Proposal{2, "v"}}), hash(Promise{1, Proposal{2, "w"}}));
  EXPECT_EQ(hash(sample_batch()), hash(sample_batch()));
  EXPECT_EQ(Hasher{}(Prepare{1}), Hasher{}(Prepare{1}));
}

TEST(Codec, TruncatedInputIsRejectedAtEveryLength) {
  const Bytes full = encode(Message{sample_batch()});
  for (std::size_t n = 0; n < full.size(); ++n) {
    const std::span<const std::byte> prefix(full.data(), n);
    EXPECT_THROW(decode<Message>(prefix), DecodeError) << "prefix length " << n;
  }
}

TEST(Codec, TrailingBytesAreRejected) {
  Bytes bytes = encode(Message{Heartbeat{}});
  bytes.push_back(std::byte{0});
  EXPECT_THROW(decode<Message>(bytes), DecodeError);
}

TEST(Codec, BadVariantIndexIsRejectedWithAClearMessage) {
  Bytes bytes = encode(Message{Heartbeat{}});
  bytes[0] = std::byte{9};
  try {
    (void)decode<Message>(bytes);
    FAIL() << "expected DecodeError";
  } catch (const DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find("variant index 9"), std::string::npos) << e.what();
  }
}

TEST(Codec, HugeLengthIsRejectedWithoutAllocating) {
  Bytes bytes = encode(std::string("abc"));
  bytes[3] = std::byte{0x7f};  // length 0x7f000003
  EXPECT_THROW(decode<std::string>(bytes), DecodeError);
  Bytes empties = encode(std::vector<Heartbeat>{});
  empties[0] = std::byte{0xff};
  empties[1] = std::byte{0xff};
  empties[2] = std::byte{0xff};  // 16 million empty structs from four bytes
  EXPECT_THROW(decode<std::vector<Heartbeat>>(empties), DecodeError);
}

TEST(Codec, BadBoolAndOptionalTagsAreRejected) {
  Bytes b = encode(true);
  b[0] = std::byte{2};
  EXPECT_THROW(decode<bool>(b), DecodeError);
  Bytes o = encode(std::optional<std::int32_t>{});
  o[0] = std::byte{7};
  EXPECT_THROW(decode<std::optional<std::int32_t>>(o), DecodeError);
}

TEST(Codec, DuplicateMapKeysAreRejected) {
  Bytes bytes = encode(std::map<std::int32_t, std::int32_t>{{1, 10}, {2, 20}});
  bytes[12] = std::byte{1};  // second key becomes 1
  EXPECT_THROW((decode<std::map<std::int32_t, std::int32_t>>(bytes)), DecodeError);
}

// Found by the fuzzer: unsorted keys decoded fine but re-encoded differently (non-canonical).
TEST(Codec, UnsortedMapKeysAreRejectedSoEncodingStaysCanonical) {
  Bytes bytes = encode(std::map<std::int32_t, std::int32_t>{{1, 10}, {2, 20}});
  std::swap(bytes[4], bytes[12]);  // keys 2, 1
  EXPECT_THROW((decode<std::map<std::int32_t, std::int32_t>>(bytes)), DecodeError);
  Bytes set = encode(std::set<std::int32_t>{3, 4});
  std::swap(set[4], set[8]);
  EXPECT_THROW((decode<std::set<std::int32_t>>(set)), DecodeError);
}

TEST(Codec, RandomBytesNeverCrashTheDecoder) {
  random::Rng rng(2024);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    // A valid variant index most of the time, then random bytes, so decoding gets deep.
    Bytes junk(rng.below(40));
    for (auto& b : junk) b = static_cast<std::byte>(rng.below(256));
    if (junk.size() >= 4 && rng.chance({9, 10})) {
      junk[0] = static_cast<std::byte>(rng.below(4));
      junk[1] = junk[2] = junk[3] = std::byte{0};
    }
    try {
      const Message m = decode<Message>(junk);
      ++accepted;
      EXPECT_EQ(encode(m), junk);  // anything accepted must re-encode to the same bytes
    } catch (const DecodeError&) {
    }
  }
  EXPECT_GT(accepted, 0);
}

}  // namespace
}  // namespace dslab::codec
