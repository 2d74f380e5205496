#include "http/static_site.h"

#include "http/response_writer.h"

#include <gtest/gtest.h>

namespace tw::http {
namespace {

const StaticFile kFiles[] = {
    {"/index.html", "text/html; charset=utf-8", "aaaa", "<html>app</html>", "GZ-INDEX"},
    {"/assets/app.js", "text/javascript; charset=utf-8", "bbbb", "export {}", "GZ-JS"},
};

Request get(std::string path, Fields headers = {}, Fields query = {}) {
  Request r;
  r.method = "GET";
  r.path = std::move(path);
  r.headers = std::move(headers);
  r.query = std::move(query);
  return r;
}

std::string header(const Response& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "";
}

TEST(StaticSite, ServesAKnownFileWithItsTypeAndEtag) {
  const StaticSite site(kFiles, "default-src 'self'");
  const auto r = site.serve(get("/assets/app.js"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "export {}");
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(r, "ETag"), "\"bbbb\"");
  EXPECT_EQ(header(r, "Cache-Control"), "no-cache");
}

TEST(StaticSite, PinnedVersionIsCachedForAYear) {
  const StaticSite site(kFiles, "default-src 'self'");
  EXPECT_EQ(header(site.serve(get("/assets/app.js", {}, {{"v", "bbbb"}})), "Cache-Control"),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(header(site.serve(get("/assets/app.js", {}, {{"v", "old"}})), "Cache-Control"), "no-cache");
}

TEST(StaticSite, GzipOnlyWhenAccepted) {
  const StaticSite site(kFiles, "default-src 'self'");
  const auto gz = site.serve(get("/assets/app.js", {{"accept-encoding", "gzip, deflate"}}));
  EXPECT_EQ(gz.body, "GZ-JS");
  EXPECT_EQ(header(gz, "Content-Encoding"), "gzip");
  const auto plain = site.serve(get("/assets/app.js", {{"accept-encoding", "br"}}));
  EXPECT_EQ(plain.body, "export {}");
  EXPECT_EQ(header(plain, "Content-Encoding"), "");
}

TEST(StaticSite, MatchingEtagIsNotModified) {
  const StaticSite site(kFiles, "default-src 'self'");
  EXPECT_EQ(site.serve(get("/assets/app.js", {{"if-none-match", "\"bbbb\""}})).status, 304);
  EXPECT_EQ(site.serve(get("/assets/app.js", {{"if-none-match", "\"zzzz\""}})).status, 200);
}

TEST(StaticSite, AppRoutesGetTheShellFilesAndApiGet404) {
  const StaticSite site(kFiles, "default-src 'self'");
  EXPECT_EQ(site.serve(get("/events/coldplay")).body, "<html>app</html>");
  EXPECT_EQ(site.serve(get("/")).body, "<html>app</html>");
  EXPECT_EQ(site.serve(get("/assets/missing.css")).status, 404);
  const auto api = site.serve(get("/api/whatever"));
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.content_type, "application/json");
}

TEST(StaticSite, OnlyReadsAreAllowed) {
  const StaticSite site(kFiles, "default-src 'self'");
  auto req = get("/events/x");
  req.method = "DELETE";
  const auto r = site.serve(req);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(header(r, "Allow"), "GET, HEAD");
}

// A 304's headers replace the cached page's: a revalidated page had been left with the default
// "default-src 'none'" and loaded nothing.
TEST(StaticSite, APageKeepsItsPolicyWhenRevalidated) {
  const StaticSite site(kFiles, "default-src 'self'");
  const auto page = site.serve(get("/"));
  EXPECT_EQ(header(page, "Content-Security-Policy"), "default-src 'self'");
  const auto again = site.serve(get("/", {{"if-none-match", header(page, "ETag")}}));
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(header(again, "Content-Security-Policy"), "default-src 'self'");
  const auto bytes = serialize_response(again, {true, false, "r", "d"});
  EXPECT_EQ(bytes.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(header(site.serve(get("/assets/app.js")), "Content-Security-Policy"), "") << "only pages carry the page policy";
}

}  // namespace
}  // namespace tw::http
