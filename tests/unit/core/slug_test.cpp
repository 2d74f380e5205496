#include "core/slug.h"

#include <gtest/gtest.h>

namespace tw::core {

TEST(Slug, AcceptsLowerCaseWordsJoinedByHyphens) {
  for (const char* s : {"taylor-swift-eras", "bts", "a1-b2", "2027"}) EXPECT_TRUE(is_valid_slug(s)) << s;
}

TEST(Slug, RejectsEverythingElse) {
  for (const char* s : {"", "-lead", "trail-", "dou--ble", "Upper", "sp ace", "under_score", "slash/", "%2e%2e", "é"}) {
    EXPECT_FALSE(is_valid_slug(s)) << s;
  }
  EXPECT_FALSE(is_valid_slug(std::string(81, 'a')));
  EXPECT_TRUE(is_valid_slug(std::string(80, 'a')));
}

TEST(Slug, SlugifyMakesValidSlugs) {
  EXPECT_EQ(slugify("The Weeknd: After Hours"), "the-weeknd-after-hours");
  EXPECT_EQ(slugify("  --BTS!! "), "bts");
  EXPECT_EQ(slugify("!!!"), "");
  EXPECT_TRUE(is_valid_slug(slugify(std::string(200, 'x'))));
}

}  // namespace tw::core
