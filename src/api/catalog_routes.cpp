#include <cstdio>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "api/catalog_json.h"
#include "api/error_response.h"
#include "api/query_params.h"
#include "api/routes.h"
#include "core/event_artwork.h"
#include "http/gzip.h"
#include "services/booking.h"

namespace tw::api {
namespace {

// Seat-map answers are rendered once per layout, plain and gzipped: layouts are immutable, so
// the JSON and its ETags never go stale. Each encoding has its own ETag (they are different bytes).
class SeatMapResponses {
 public:
  struct Entry {
    std::shared_ptr<const std::string> body;
    std::shared_ptr<const std::string> gzipped;
    std::string etag;
    std::string gzip_etag;
  };
  std::shared_ptr<const Entry> get(std::int64_t layout_id, const core::SeatMap& map) {
    std::lock_guard lock(mu_);
    auto& slot = entries_[layout_id];
    if (!slot) {
      auto body = std::make_shared<const std::string>(seat_map_json(map));
      auto gzipped = std::make_shared<const std::string>(http::gzip(*body));
      char tag[32];
      std::snprintf(tag, sizeof tag, "sm-%016llx", static_cast<unsigned long long>(fnv1a(*body)));
      const std::string t(tag);
      slot = std::make_shared<const Entry>(Entry{std::move(body), std::move(gzipped), "\"" + t + "\"", "\"" + t + "-gz\""});
    }
    return slot;
  }

 private:
  static std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
    return h;
  }
  std::mutex mu_;
  std::unordered_map<std::int64_t, std::shared_ptr<const Entry>> entries_;  // guarded by mu_
};

bool etag_matches(const http::Request& req, std::string_view etag) {
  const auto inm = req.header("if-none-match");
  return inm && (inm->find(etag) != std::string_view::npos || *inm == "*");
}

core::Result<store::EventQuery> read_event_query(const http::Request& req) {
  store::EventQuery q;
  auto text = text_param(req, "q", 100);
  auto venue = text_param(req, "venue", 200);
  auto from = time_param(req, "from");
  auto to = time_param(req, "to");
  auto limit = int_param(req, "limit", 1, 100, 20);
  if (!text) return text.error();
  if (!venue) return venue.error();
  if (!from) return from.error();
  if (!to) return to.error();
  if (!limit) return limit.error();
  if ((from->date && to->date && *from->date > *to->date) || (from->utc && to->utc && *from->utc > *to->utc)) {
    return bad_parameter("from", "must not be after 'to'");
  }
  q.text = std::move(*text);
  q.venue = std::move(*venue);
  q.from_utc = from->utc;
  q.to_utc = to->utc;
  q.from_date = std::move(from->date);
  q.to_date = std::move(to->date);
  q.limit = *limit;
  if (auto cursor = req.query_param("cursor")) {
    q.after = decode_cursor(*cursor);
    if (!q.after) return bad_parameter("cursor", "is not a cursor this server gave out");
  }
  return q;
}

}  // namespace

void add_catalog_routes(http::Router& router, services::Catalog& catalog, services::Booking& booking) {
  router.add("GET", "/api/events", [&catalog, &booking](http::Request& req) -> Task<http::Response> {
    auto query = read_event_query(req);
    if (!query) co_return error_response(query.error());
    auto page = co_await catalog.list(std::move(query).value());
    if (!page) co_return error_response(page.error());
    for (auto& listing : page->events) {
      if (auto st = co_await booking.count_live(listing); !st) co_return error_response(st.error());
    }
    co_return http::Response::json(200, event_page_json(*page));
  });

  router.add("GET", "/api/events/{slug}", [&catalog, &booking](http::Request& req) -> Task<http::Response> {
    auto event = co_await catalog.find(std::string(req.param("slug")), false);
    if (!event) co_return error_response(event.error());
    if (auto st = co_await booking.count_live(event->listing); !st) co_return error_response(st.error());
    co_return http::Response::json(200, event_detail_json(*event));
  });

  // The event's poster when its organiser gave none (core/event_artwork.h): drawn per request,
  // cached by browsers for an hour (an edited name shows within it).
  router.add("GET", "/api/events/{slug}/image.svg", [&catalog](http::Request& req) -> Task<http::Response> {
    auto event = co_await catalog.find_cached(std::string(req.param("slug")));
    if (!event) co_return error_response(event.error());
    http::Response answer;
    answer.content_type = "image/svg+xml";
    answer.body = core::event_artwork_svg(event->listing.event);
    co_return answer.with_header("Cache-Control", "public, max-age=3600");
  });

  auto responses = std::make_shared<SeatMapResponses>();
  router.add("GET", "/api/events/{slug}/seatmap", [&catalog, responses](http::Request& req) -> Task<http::Response> {
    auto event = co_await catalog.find_cached(std::string(req.param("slug")));
    if (!event) co_return error_response(event.error());
    const auto entry = responses->get(event->listing.event.layout_id, *event->seat_map);
    const bool gzip = http::accepts_gzip(req) && !entry->gzipped->empty();
    const auto& etag = gzip ? entry->gzip_etag : entry->etag;
    if (etag_matches(req, etag)) co_return http::Response::not_modified(etag).with_header("Vary", "Accept-Encoding");
    auto answer = http::Response::json(200, gzip ? entry->gzipped : entry->body);
    if (gzip) answer.with_header("Content-Encoding", "gzip");
    co_return answer.with_header("ETag", etag).with_header("Vary", "Accept-Encoding").with_header("Cache-Control", "no-cache");
  });
}

}  // namespace tw::api
