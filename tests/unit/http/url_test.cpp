#include "http/url.h"

#include <gtest/gtest.h>

namespace tw::http {

TEST(Url, SplitsPathAndDecodesQuery) {
  auto t = parse_target("/api/events?q=taylor+swift&venue=Wembley%20Stadium&empty=&flag");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->path, "/api/events");
  ASSERT_EQ(t->query.size(), 4u);
  EXPECT_EQ(t->query[0], (std::pair<std::string, std::string>{"q", "taylor swift"}));
  EXPECT_EQ(t->query[1].second, "Wembley Stadium");
  EXPECT_EQ(t->query[2].second, "");
  EXPECT_EQ(t->query[3].first, "flag");
}

TEST(Url, PathPlusIsNotASpace) {
  auto t = parse_target("/a+b%2Fc");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->path, "/a+b/c");
}

TEST(Url, RejectsMalformedTargets) {
  for (const char* s : {"", "api/events", "http://x/", "/a%", "/a%4", "/a%zz", "/?q=%00", "/%00"}) {
    EXPECT_FALSE(parse_target(s).has_value()) << s;
  }
}

}  // namespace tw::http
