#include "core/encoding.h"

#include <gtest/gtest.h>

namespace tw::core {
namespace {

TEST(Encoding, HexRoundTripsAndRefusesWhatIsNotHex) {
  const unsigned char bytes[] = {0x00, 0x7f, 0xff, 0x10};
  EXPECT_EQ(hex(bytes), "007fff10");
  EXPECT_EQ(from_hex("007fff10"), std::string("\x00\x7f\xff\x10", 4));
  EXPECT_EQ(from_hex("007FFF10"), std::string("\x00\x7f\xff\x10", 4));
  EXPECT_EQ(from_hex(""), std::string());
  EXPECT_FALSE(from_hex("abc"));   // half a byte
  EXPECT_FALSE(from_hex("zz"));
  EXPECT_FALSE(from_hex("00 1"));
}

TEST(Encoding, Base64FollowsRfc4648) {
  // RFC 4648 §10's test vectors.
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("foob"), "Zm9vYg==");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64url(std::string_view("foob")), "Zm9vYg");
  EXPECT_EQ(base64url(std::string_view("\xfb\xff", 2)), "-_8");  // the URL-safe alphabet
}

TEST(Encoding, Base64UrlRoundTripsAndRefusesPaddingOrOtherAlphabets) {
  for (const std::string& s : {std::string(), std::string("a"), std::string("ab"), std::string("\0\1\2\3", 4),
                              std::string(100, '\xff')}) {
    EXPECT_EQ(from_base64url(base64url(std::string_view(s))), s);
  }
  EXPECT_FALSE(from_base64url("Zm9vYg=="));  // padded
  EXPECT_FALSE(from_base64url("+/8"));       // the standard alphabet
  EXPECT_FALSE(from_base64url("Zm9v!"));
}

TEST(Encoding, RandomHexIsFreshEachTime) {
  const auto a = random_hex(16);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_TRUE(from_hex(a));
  EXPECT_NE(a, random_hex(16));
}

}  // namespace
}  // namespace tw::core
