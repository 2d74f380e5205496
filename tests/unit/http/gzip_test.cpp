#include "http/gzip.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace tw::http {
namespace {

// Inflates a gzip stream (what a browser does with Content-Encoding: gzip).
std::string gunzip(const std::string& in) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(in.size() * 40 + 1024, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

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
