#include "http/http_date.h"

#include <gtest/gtest.h>

namespace tw::http {
namespace {

TEST(HttpDate, FormatsAndParsesTheImfFixdate) {
  EXPECT_EQ(format_http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(parse_http_date(format_http_date(1'800'000'000)), 1'800'000'000);
}

TEST(HttpDate, AnythingElseIsNoDate) {
  EXPECT_FALSE(parse_http_date(""));
  EXPECT_FALSE(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"));  // RFC 850: obsolete
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMTX"));
}

}  // namespace
}  // namespace tw::http
