#include "http/router.h"

#include <gtest/gtest.h>

#include "app/run_task.h"

namespace tw::http {
namespace {

Handler answer(std::string text) {
  return [text](Request& r) -> Task<Response> {
    std::string body = text;
    for (const auto& [k, v] : r.params) body += " " + k + "=" + v;
    co_return Response::json(200, body);
  };
}

Response call(const Router& router, std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return app::run_task(router.dispatch(r));
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.add("GET", "/api/events", answer("list"));
    router.add("POST", "/api/events", answer("create"));
    router.add("GET", "/api/events/{slug}", answer("detail"));
    router.add("GET", "/api/events/{slug}/seatmap", answer("map"));
  }
  Router router;
};

TEST_F(RouterTest, MatchesLiteralAndCapturedSegments) {
  EXPECT_EQ(call(router, "GET", "/api/events").body, "list");
  EXPECT_EQ(call(router, "POST", "/api/events").body, "create");
  EXPECT_EQ(call(router, "GET", "/api/events/bts").body, "detail slug=bts");
  EXPECT_EQ(call(router, "GET", "/api/events/bts/seatmap").body, "map slug=bts");
}

TEST_F(RouterTest, HeadIsServedByGet) { EXPECT_EQ(call(router, "HEAD", "/api/events/x").body, "detail slug=x"); }

TEST_F(RouterTest, UnknownPathIs404WithJsonError) {
  auto r = call(router, "GET", "/api/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("\"code\":\"not_found\""), std::string::npos);
  EXPECT_EQ(call(router, "GET", "/api/events/").status, 404);  // empty capture
  EXPECT_EQ(call(router, "GET", "/api/events/x/seatmap/extra").status, 404);
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  auto r = call(router, "DELETE", "/api/events");
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Allow");
  EXPECT_EQ(r.headers[0].second, "GET, POST, HEAD");
  EXPECT_NE(r.body.find("method_not_allowed"), std::string::npos);
}

}  // namespace
}  // namespace tw::http

namespace tw::http {
namespace {

TEST(RouterFallback, TakesPathsNoRouteMatchesButNotWrongMethods) {
  Router router;
  router.add("GET", "/api/events", [](Request&) -> Task<Response> { co_return Response::json(200, "list"); });
  router.set_fallback([](Request& r) -> Task<Response> { co_return Response::json(200, "fallback " + r.path); });
  EXPECT_EQ(call(router, "GET", "/events/x").body, "fallback /events/x");
  EXPECT_EQ(call(router, "GET", "/api/events").body, "list");
  EXPECT_EQ(call(router, "POST", "/api/events").status, 405) << "a known path with another method is not a miss";
}

}  // namespace
}  // namespace tw::http
