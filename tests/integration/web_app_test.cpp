// The web app as the binary serves it: pages, assets, compression, caching and fallbacks.
#include <gtest/gtest.h>

#include <sodium.h>

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

namespace {

std::string sha256_base64(const std::string& text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  std::string out(sodium_base64_encoded_len(sizeof digest, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.find('\0'));
  return out;
}

}  // namespace

// Issue 30, item 11: no answer carried a Content-Security-Policy, X-Frame-Options or nosniff.
TEST_F(WebApp, PagesRunOnlyTheirOwnScriptsAndCannotBeFramed) {
  auto page = http_get(port(), "/events/taylor-swift-eras");
  ASSERT_EQ(page.status, 200);
  const auto policy = page.header("content-security-policy");
  const std::string open = "<script type=\"importmap\">";
  const auto from = page.body.find(open) + open.size();
  const auto import_map = page.body.substr(from, page.body.find("</script>", from) - from);
  EXPECT_NE(policy.find("script-src 'self' 'sha256-" + sha256_base64(import_map) + "'"), std::string::npos)
      << "the import map is the one inline script allowed: " << policy;
  EXPECT_EQ(policy.find("unsafe-eval"), std::string::npos);
  EXPECT_EQ(policy.find("script-src 'self' 'unsafe-inline'"), std::string::npos);
  EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(policy.find("object-src 'none'"), std::string::npos);
  EXPECT_EQ(page.header("x-frame-options"), "DENY");
  EXPECT_EQ(page.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(page.header("referrer-policy"), "strict-origin-when-cross-origin");
}

TEST_F(WebApp, EveryOtherAnswerIsNotSniffedNorFramedNorRun) {
  for (const char* path : {"/api/events", "/api/nope", "/assets/app.js", "/favicon.svg", "/api/events/x/live"}) {
    auto r = http_get(port(), path);
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << path;
    EXPECT_EQ(r.header("x-frame-options"), "DENY") << path;
    EXPECT_EQ(r.header("content-security-policy"), "default-src 'none'; frame-ancestors 'none'") << path;
    EXPECT_FALSE(r.header("referrer-policy").empty()) << path;
  }
}

}  // namespace tw::testing
