#include "http/gzip.h"

#include <gtest/gtest.h>

#include "support/gunzip.h"

namespace tw::http {
namespace {

using testing::gunzip;

Request with_accept_encoding(std::string value) {
  Request r;
  r.headers.push_back({"accept-encoding", std::move(value)});
  return r;
}

TEST(Gzip, ComesBackAsItWentAndSmaller) {
  std::string json = "{\"seats\":[";
  for (int i = 0; i < 2000; ++i) json += "{\"id\":\"L1-A-" + std::to_string(i) + "\",\"x\":" + std::to_string(i) + "},";
  json += "{}]}";
  const auto packed = gzip(json);
  ASSERT_FALSE(packed.empty());
  EXPECT_LT(packed.size(), json.size() / 4);
  EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x1f) << "a gzip header";
  EXPECT_EQ(gunzip(packed), json);
  EXPECT_EQ(gunzip(gzip("")), "");
}

TEST(Gzip, AClientAcceptsItOnlyWhenItSaysSo) {
  EXPECT_FALSE(accepts_gzip(Request{}));
  EXPECT_TRUE(accepts_gzip(with_accept_encoding("gzip, deflate, br")));
  EXPECT_TRUE(accepts_gzip(with_accept_encoding("br;q=1.0, GZIP;q=0.5")));
  EXPECT_TRUE(accepts_gzip(with_accept_encoding("*")));
  EXPECT_FALSE(accepts_gzip(with_accept_encoding("br, deflate")));
  EXPECT_FALSE(accepts_gzip(with_accept_encoding("gzip;q=0")));
  EXPECT_FALSE(accepts_gzip(with_accept_encoding("gzip;q=0.000, *")));
  EXPECT_FALSE(accepts_gzip(with_accept_encoding("identity")));
  EXPECT_FALSE(accepts_gzip(with_accept_encoding("gzipped")));
}

}  // namespace
}  // namespace tw::http
