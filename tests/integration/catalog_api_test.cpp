// The catalog endpoints over real HTTP against the real binary with its seeded demo data.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <set>

#include "../support/gunzip.h"  // tests/support, shared with the unit tests
#include "support/http_client.h"
#include "support/server_process.h"

namespace tw::testing {

namespace json = boost::json;

class CatalogApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<ServerProcess>(); }
  static void TearDownTestSuite() { server_.reset(); }
  static HttpResult get(const std::string& target, const std::map<std::string, std::string>& headers = {}) {
    return http_get(server_->port(), target, headers);
  }
  static void expect_error(const HttpResult& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/json");
    auto v = r.json();
    EXPECT_EQ(v.at("error").at("code").as_string(), code) << r.body;
    EXPECT_FALSE(v.at("error").at("message").as_string().empty());
  }
  static std::vector<std::string> slugs(const HttpResult& r) {
    std::vector<std::string> out;
    const auto body = r.json();
    for (const auto& e : body.at("events").as_array()) out.emplace_back(e.at("slug").as_string());
    return out;
  }
  static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(CatalogApi, ListsTheSevenDemoEventsInDateOrder) {
  auto r = get("/api/events");
  ASSERT_EQ(r.status, 200);
  const auto s = slugs(r);
  ASSERT_EQ(s.size(), 7u);
  EXPECT_EQ(s.front(), "coldplay-music-of-the-spheres");
  EXPECT_EQ(s.back(), "imagine-dragons-loom-arena");
  EXPECT_TRUE(r.json().at("nextCursor").is_null());
  const auto body = r.json();
  const auto& first = body.at("events").at(0);
  EXPECT_EQ(first.at("totalSeats").as_int64(), 765);
  EXPECT_EQ(first.at("seatsLeft").as_int64(), 765);
  EXPECT_EQ(first.at("priceFromCents").as_int64(), 7500);
  EXPECT_EQ(first.at("soldOut").as_bool(), false);
}

TEST_F(CatalogApi, PaginatesWithCursors) {
  std::vector<std::string> all;
  std::string target = "/api/events?limit=3";
  int pages = 0;
  while (true) {
    auto r = get(target);
    ASSERT_EQ(r.status, 200) << r.body;
    for (auto& s : slugs(r)) all.push_back(s);
    ++pages;
    const auto next = r.json().at("nextCursor");
    if (next.is_null()) break;
    target = "/api/events?limit=3&cursor=" + std::string(next.as_string());
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(all.size(), 7u);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 7u);
}

TEST_F(CatalogApi, SearchesNameArtistAndVenue) {
  EXPECT_EQ(slugs(get("/api/events?q=taylor")), std::vector<std::string>{"taylor-swift-eras"});
  EXPECT_EQ(slugs(get("/api/events?q=SEOUL")), std::vector<std::string>{"bts-yet-to-come"});
  EXPECT_EQ(slugs(get("/api/events?q=stadium")).size(), 5u);  // Croke Park is no "Stadium"
  EXPECT_TRUE(slugs(get("/api/events?q=100%25")).empty());  // a literal %, not a wildcard
  EXPECT_EQ(slugs(get("/api/events?venue=the%20o2%20arena,%20london")),
            std::vector<std::string>{"imagine-dragons-loom-arena"});
}

TEST_F(CatalogApi, FiltersByDates) {
  EXPECT_EQ(slugs(get("/api/events?from=2027-04-18&to=2027-05-09")),
            (std::vector<std::string>{"taylor-swift-eras", "the-weeknd-after-hours"}));
  EXPECT_EQ(slugs(get("/api/events?from=2027-09-01")), std::vector<std::string>{"imagine-dragons-loom-arena"});
  EXPECT_EQ(slugs(get("/api/events?to=2027-03-12T19:30:00Z")),
            std::vector<std::string>{"coldplay-music-of-the-spheres"});
}

TEST_F(CatalogApi, RejectsMalformedParameters) {
  expect_error(get("/api/events?limit=0"), 400, "invalid_parameter");
  expect_error(get("/api/events?limit=abc"), 400, "invalid_parameter");
  expect_error(get("/api/events?limit=1000"), 400, "invalid_parameter");
  expect_error(get("/api/events?from=yesterday"), 400, "invalid_parameter");
  expect_error(get("/api/events?from=2027-06-01&to=2027-01-01"), 400, "invalid_parameter");
  expect_error(get("/api/events?cursor=bm9wZQ"), 400, "invalid_parameter");
  expect_error(get("/api/events?q=" + std::string(101, 'x')), 400, "invalid_parameter");
  expect_error(get("/api/events?q=%zz"), 400, "bad_request");
}

TEST_F(CatalogApi, EventDetailHasPriceTiersAndSeatsLeft) {
  auto r = get("/api/events/taylor-swift-eras");
  ASSERT_EQ(r.status, 200);
  auto v = r.json();
  EXPECT_EQ(v.at("name").as_string(), "Taylor Swift | The Eras Tour");
  EXPECT_EQ(v.at("startsAt").as_string(), "2027-04-18T19:00:00-04:00");
  EXPECT_EQ(v.at("seatsLeft").as_int64(), 765);
  const auto& tiers = v.at("priceTiers").as_array();
  ASSERT_EQ(tiers.size(), 4u);
  EXPECT_EQ(tiers[0].at("name").as_string(), "VIP");
  EXPECT_EQ(tiers[0].at("maxPriceCents").as_int64(), 60000);
  EXPECT_EQ(tiers[3].at("minPriceCents").as_int64(), 7500);
  expect_error(get("/api/events/no-such-show"), 404, "event_not_found");
  expect_error(get("/api/events/NOT%20A%20SLUG"), 404, "event_not_found");
}

TEST_F(CatalogApi, SeatMapHas765SeatsWithTheSeedsPrices) {
  auto r = get("/api/events/taylor-swift-eras/seatmap");
  ASSERT_EQ(r.status, 200);
  auto v = r.json();
  EXPECT_EQ(v.at("seatCount").as_int64(), 765);
  int seats = 0;
  for (const auto& s : v.at("sections").as_array()) {
    for (const auto& row : s.at("rows").as_array()) seats += static_cast<int>(row.at("seats").as_int64());
  }
  EXPECT_EQ(seats, 765);
  const auto& vip = v.at("sections").at(0);
  EXPECT_EQ(vip.at("id").as_string(), "VIP");
  EXPECT_EQ(vip.at("rows").at(0).at("priceCents").as_int64(), 60000);
  EXPECT_EQ(vip.at("rows").at(2).at("priceCents").as_int64(), 50000);
  EXPECT_EQ(v.at("sections").at(3).at("rows").at(0).at("priceCents").as_int64(), 12750);
}

TEST_F(CatalogApi, SeatMapSupportsConditionalRequests) {
  auto r = get("/api/events/bts-yet-to-come/seatmap");
  ASSERT_EQ(r.status, 200);
  const auto etag = r.header("etag");
  ASSERT_FALSE(etag.empty());
  auto again = get("/api/events/bts-yet-to-come/seatmap", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(get("/api/events/bts-yet-to-come/seatmap", {{"If-None-Match", "\"other\""}}).status, 200);
}

// Issue 14, item 3: the arena's seat map (~40 KB of JSON) reaches a phone gzipped.
TEST_F(CatalogApi, SeatMapsAreSentGzippedToClientsThatAcceptIt) {
  const std::string path = "/api/events/imagine-dragons-loom-arena/seatmap";
  auto plain = get(path);
  ASSERT_EQ(plain.status, 200);
  EXPECT_TRUE(plain.header("content-encoding").empty());
  EXPECT_EQ(plain.header("vary"), "Accept-Encoding");
  auto packed = get(path, {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_EQ(packed.status, 200);
  EXPECT_EQ(packed.header("content-encoding"), "gzip");
  EXPECT_LT(packed.body.size(), plain.body.size() / 4) << plain.body.size() << " bytes plain";
  EXPECT_EQ(gunzip(packed.body), plain.body);
  const auto etag = packed.header("etag");
  EXPECT_NE(etag, plain.header("etag")) << "different bytes, different tags";
  EXPECT_EQ(get(path, {{"Accept-Encoding", "gzip"}, {"If-None-Match", etag}}).status, 304);
  EXPECT_EQ(get(path, {{"If-None-Match", etag}}).status, 200) << "the plain answer is not the one cached";
}

// Issue 15, item 9: every event's image URL answered 404.
TEST_F(CatalogApi, EveryEventsImageIsServed) {
  auto list = get("/api/events?limit=100");
  ASSERT_EQ(list.status, 200);
  const auto body = list.json();
  const auto& events = body.at("events").as_array();
  ASSERT_FALSE(events.empty());
  for (const auto& e : events) {
    const std::string image(e.at("image").as_string());
    auto r = get(image);
    EXPECT_EQ(r.status, 200) << image;
    EXPECT_EQ(r.header("content-type"), "image/svg+xml") << image;
    EXPECT_NE(r.body.find("<svg"), std::string::npos) << image;
  }
  EXPECT_EQ(get("/api/events/no-such-show/image.svg").status, 404);
}

TEST_F(CatalogApi, ArenaEventHasOver20000Seats) {
  auto r = get("/api/events/imagine-dragons-loom-arena/seatmap");
  ASSERT_EQ(r.status, 200);
  EXPECT_GE(r.json().at("seatCount").as_int64(), 20000);
}

// A shared answer larger than one 64 KiB write slice (the arena's seat names, ~0.5 MB) arrives
// whole: the head and the body go out together, slice after slice.
TEST_F(CatalogApi, LargeSharedAnswersArriveWhole) {
  for (int i = 0; i < 2; ++i) {  // the second answer is the first one's buffer, shared
    auto r = get("/api/seats/status?eventId=imagine-dragons-loom-arena");
    ASSERT_EQ(r.status, 200);
    EXPECT_GT(r.body.size(), 256u * 1024);
    EXPECT_EQ(r.header("content-length"), std::to_string(r.body.size()));
    EXPECT_EQ(r.json().at("seats").as_object().size(), 22100u);
  }
}

// Availability reads between two changes share one rendering; a change is seen by the next read.
TEST_F(CatalogApi, AvailabilityReadsAtOneVersionAreTheSameBytes) {
  auto a = get("/api/events/coldplay-music-of-the-spheres/seats");
  auto b = get("/api/events/coldplay-music-of-the-spheres/seats");
  ASSERT_EQ(a.status, 200);
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(a.json().at("seatCount").as_int64(), 765);
  EXPECT_EQ(a.json().at("states").as_string().size(), 256u);  // 765 seats, four a byte: 192 bytes in base64
}

TEST_F(CatalogApi, HealthAndReadiness) {
  auto h = get("/api/health");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.json().at("status").as_string(), "ok");
  auto r = get("/api/ready");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("status").as_string(), "ready");
}

TEST_F(CatalogApi, UnknownRoutesAndMethodsGetJsonErrors) {
  expect_error(get("/api/nothing-here"), 404, "not_found");
  auto r = http_request(server_->port(), "POST", "/api/health", "{}");
  expect_error(r, 405, "method_not_allowed");
  EXPECT_EQ(r.header("allow"), "GET, HEAD");
  auto d = http_request(server_->port(), "DELETE", "/api/events/taylor-swift-eras/seatmap");
  expect_error(d, 405, "method_not_allowed");
}

TEST_F(CatalogApi, EveryAnswerCarriesARequestId) {
  auto r = get("/api/health");
  EXPECT_FALSE(r.header("x-request-id").empty());
  EXPECT_EQ(get("/api/health", {{"X-Request-Id", "trace-123"}}).header("x-request-id"), "trace-123");
  EXPECT_NE(get("/api/health", {{"X-Request-Id", "bad id\"x"}}).header("x-request-id"), "bad id\"x");
}

TEST_F(CatalogApi, HeadAnswersWithoutBody) {
  auto r = http_request(server_->port(), "HEAD", "/api/events");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_GT(std::stoi(r.header("content-length")), 100);
}

}  // namespace tw::testing
