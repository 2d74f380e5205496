#include "core/utf8.h"

#include <gtest/gtest.h>

namespace tw::core {

TEST(Utf8, AcceptsValidTextAndRefusesWhatRfc3629Forbids) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("Beyonc\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x8E\xAB"));
  for (const char* bad : {"\xFF", "\xC3\x28", "\xC0\xAF" /* overlong */, "\xED\xA0\x80" /* surrogate */,
                          "\xF4\x90\x80\x80" /* > U+10FFFF */, "\xE2\x82" /* cut short */, "\x80"}) {
    EXPECT_FALSE(is_valid_utf8(bad)) << testing::PrintToString(std::string(bad));
  }
}

TEST(Utf8, QuotingReplacesInvalidBytesAndEscapesControls) {
  EXPECT_EQ(json_quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
  EXPECT_EQ(json_quote(std::string("x\xFFy", 3)), "\"x\xEF\xBF\xBDy\"");
  EXPECT_EQ(json_quote(std::string("\x01", 1)), "\"\\u0001\"");
  EXPECT_EQ(json_quote("\xC3\xA9"), "\"\xC3\xA9\"");
  EXPECT_TRUE(is_valid_utf8(json_quote("\xF0\x9F\x98")));
  EXPECT_EQ(to_valid_utf8("a\xC3"), "a\xEF\xBF\xBD");
}

}  // namespace tw::core
