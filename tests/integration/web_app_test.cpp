// The web app as the binary serves it: pages, assets, compression, caching and fallbacks.
#include <gtest/gtest.h>

#include <memory>

#include "support/http_client.h"
#include "support/server_process.h"

namespace tw::testing {

class WebApp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<ServerProcess>(); }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(WebApp, HomePageIsTheAppShellAndIsRevalidated) {
  auto r = http_get(port(), "/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("cache-control"), "no-cache");
  EXPECT_NE(r.body.find("<title>TicketWar</title>"), std::string::npos);
  EXPECT_NE(r.body.find("<script type=\"importmap\">"), std::string::npos)
      << "modules are pinned to hashed URLs";
  EXPECT_EQ(r.body.find("<!-- importmap -->"), std::string::npos);
}

TEST_F(WebApp, AppRoutesFallBackToTheShellButFilesAndApiDoNot) {
  const auto shell = http_get(port(), "/").body;
  for (const char* path : {"/events/taylor-swift-eras", "/tickets", "/admin", "/checkout/abc"}) {
    auto r = http_get(port(), path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, shell) << path;
  }
  auto missing_file = http_get(port(), "/assets/nope.js");
  EXPECT_EQ(missing_file.status, 404);
  EXPECT_EQ(missing_file.header("content-type"), "application/json");
  auto missing_api = http_get(port(), "/api/nope");
  EXPECT_EQ(missing_api.status, 404);
  EXPECT_NE(missing_api.body.find("not_found"), std::string::npos);
  auto post = http_request(port(), "POST", "/events/x", "{}", {{"Content-Type", "application/json"}});
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("allow"), "GET, HEAD");
}

TEST_F(WebApp, HashedAssetUrlsAreImmutableAndOthersRevalidate) {
  const auto shell = http_get(port(), "/").body;
  const std::string link = "/assets/app.js?v=";
  const auto at = shell.find(link);
  ASSERT_NE(at, std::string::npos);
  const std::string hash = shell.substr(at + link.size(), 16);
  ASSERT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos) << hash;
  auto pinned = http_get(port(), "/assets/app.js?v=" + hash);
  ASSERT_EQ(pinned.status, 200);
  EXPECT_EQ(pinned.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(pinned.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(pinned.header("etag"), "\"" + hash + "\"");
  auto stale = http_get(port(), "/assets/app.js?v=0000000000000000");
  EXPECT_EQ(stale.header("cache-control"), "no-cache") << "an old hash must not be cached for a year";
  auto again = http_get(port(), "/assets/app.js", {{"If-None-Match", "\"" + hash + "\""}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(WebApp, GzipWhenTheClientAcceptsIt) {
  auto plain = http_get(port(), "/assets/seat_map.js");
  auto gz = http_get(port(), "/assets/seat_map.js", {{"Accept-Encoding", "gzip, br"}});
  ASSERT_EQ(gz.status, 200);
  EXPECT_EQ(gz.header("content-encoding"), "gzip");
  EXPECT_EQ(gz.header("vary"), "Accept-Encoding");
  ASSERT_GE(gz.body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(gz.body[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(gz.body[1]), 0x8b);
  EXPECT_LT(gz.body.size() * 2, plain.body.size()) << "JavaScript compresses at least 2:1";
  EXPECT_EQ(plain.header("content-encoding"), "");
  EXPECT_NE(plain.body.find("export class SeatMap"), std::string::npos);
}

TEST_F(WebApp, SessionProbeForSignedOutVisitorsIsNotAnError) {
  auto optional = http_get(port(), "/api/auth/session?optional=1");
  EXPECT_EQ(optional.status, 200);
  EXPECT_EQ(optional.body, "{\"user\":null}");
  EXPECT_EQ(http_get(port(), "/api/auth/session").status, 401);
}

}  // namespace tw::testing
