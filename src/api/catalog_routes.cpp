#include <cstdio>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "api/catalog_json.h"
#include "api/error_response.h"
#include "api/latest_answers.h"
#include "api/query_params.h"
#include "api/routes.h"
#include "core/event_artwork.h"
#include "http/gzip.h"
#include "services/booking.h"
#include "services/seat_keeper.h"
#include "services/waiting_room.h"

namespace tw::api {
namespace {

// Seat-map answers are rendered once per layout and currency, plain and gzipped: layouts are
// immutable, so the JSON and its ETags never go stale. Each encoding has its own ETag (they are different bytes).
class SeatMapResponses {
 public:
  struct Entry {
    std::shared_ptr<const std::string> body;
    std::shared_ptr<const std::string> gzipped;
    std::string etag;
    std::string gzip_etag;
  };
  std::shared_ptr<const Entry> get(std::int64_t layout_id, const std::string& currency, const core::SeatMap& map) {
    std::lock_guard lock(mu_);
    auto& slot = entries_[std::to_string(layout_id) + currency];
    if (!slot) {
      auto body = std::make_shared<const std::string>(seat_map_json(map, currency));
      auto gzipped = std::make_shared<const std::string>(http::gzip(*body));
      auto etag = body_etag("sm", *body);
      auto gzip_etag = etag.substr(0, etag.size() - 1) + "-gz\"";
      slot = std::make_shared<const Entry>(Entry{std::move(body), std::move(gzipped), std::move(etag), std::move(gzip_etag)});
    }
    return slot;
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;  // guarded by mu_
};

bool etag_matches(const http::Request& req, std::string_view etag) {
  const auto inm = req.header("if-none-match");
  return inm && (inm->find(etag) != std::string_view::npos || *inm == "*");
}

core::Result<core::EventQuery> read_event_query(const http::Request& req) {
  core::EventQuery q;
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

// 200 with the answer and its ETag, or 304 when the client has those bytes already. Clients
// revalidate every time (no-cache): seats left change by the second.
http::Response revalidated(const http::Request& req, const Answer& answer) {
  if (etag_matches(req, answer.etag)) return http::Response::not_modified(answer.etag).with_header("Cache-Control", "no-cache");
  return http::Response::json(200, answer.body).with_header("ETag", answer.etag).with_header("Cache-Control", "no-cache");
}

// GET /api/events: the catalogue's page (cached by Catalog) with every event's live seat counts,
// rendered again only when the page was reloaded or a count moved.
Task<http::Response> list_events(services::Catalog& catalog, services::SeatKeeper& seats,
                                 LatestAnswers<std::string>& answers, http::Request& req) {
  auto query = read_event_query(req);
  if (!query) co_return error_response(query.error());
  auto page = co_await catalog.list(std::move(query).value());
  if (!page) co_return error_response(page.error());
  const auto& shared = *page;
  std::vector<inventory::SeatCounts> counts;
  counts.reserve(shared->events.size());
  std::uint64_t stamp = fnv1a(reinterpret_cast<std::uintptr_t>(shared.get()), 1469598103934665603ULL);
  for (const auto& listing : shared->events) {
    auto c = co_await seats.counts(listing.event.id);
    if (!c) co_return error_response(c.error());
    stamp = fnv1a(static_cast<std::uint64_t>(c->sold) << 32 | static_cast<std::uint32_t>(c->held), stamp);
    counts.push_back(*c);
  }
  const auto answer = answers.get(req.target, stamp, [&] {
    core::EventPage live = *shared;
    for (std::size_t i = 0; i < live.events.size(); ++i) {
      live.events[i].sold_seats = counts[i].sold;
      live.events[i].held_seats = counts[i].held;
    }
    auto body = std::make_shared<const std::string>(event_page_json(live));
    auto etag = body_etag("ev", *body);
    return Answer{std::move(body), std::move(etag), shared};  // the page lives while its address is in a stamp
  });
  co_return revalidated(req, answer);
}

}  // namespace

void add_catalog_routes(http::Router& router, services::Catalog& catalog, services::Booking& booking,
                        services::SeatKeeper& seats,
                        services::WaitingRoom& rooms) {
  auto lists = std::make_shared<LatestAnswers<std::string>>();
  router.add("GET", "/api/events", [&catalog, &seats, lists](http::Request& req) {
    return list_events(catalog, seats, *lists, req);
  });

  // An event's page: rendered again only when the event was reloaded or a count moved.
  auto details = std::make_shared<LatestAnswers<std::int64_t>>();
  router.add("GET", "/api/events/{slug}",
             [&catalog, &booking, &seats, &rooms, details](http::Request& req) -> Task<http::Response> {
    auto event = co_await catalog.find_cached(std::string(req.param("slug")));
    if (!event && event.error().kind == core::ErrorKind::kNotFound) {
      // A cancelled show keeps its page, so a fan following a link learns it is cancelled and why.
      auto gone = co_await catalog.find(std::string(req.param("slug")), true);
      if (gone && gone->listing.event.cancelled_at != 0) {
        co_return http::Response::json(200, event_detail_json(*gone, booking_rules(booking, gone->listing.event)));
      }
    }
    if (!event) co_return error_response(event.error());
    if (auto st = co_await seats.count_live(event->listing); !st) co_return error_response(st.error());
    const auto& l = event->listing;
    auto rules = booking_rules(booking, l.event);
    rules.waiting_room = rooms.settings_of(l.event.id).value_or(core::WaitingRoomSettings{});
    const auto& room = rules.waiting_room;
    const auto room_stamp = static_cast<std::uint64_t>(room.enabled) << 60 ^
                            static_cast<std::uint64_t>(room.admit_per_minute) << 32 ^
                            static_cast<std::uint64_t>(room.max_active) << 8 ^ static_cast<std::uint64_t>(room.pass_minutes);
    const auto stamp = fnv1a(static_cast<std::uint64_t>(l.sold_seats) << 32 | static_cast<std::uint32_t>(l.held_seats),
                             fnv1a(event->loaded, fnv1a(room_stamp, 1469598103934665603ULL)));
    const auto answer = details->get(l.event.id, stamp, [&] {
      auto body = std::make_shared<const std::string>(event_detail_json(*event, rules));
      auto etag = body_etag("ev", *body);
      return Answer{std::move(body), std::move(etag), nullptr};
    });
    co_return revalidated(req, answer);
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
    const auto entry = responses->get(event->listing.event.layout_id, event->listing.event.currency, *event->seat_map);
    const bool gzip = http::accepts_gzip(req) && !entry->gzipped->empty();
    const auto& etag = gzip ? entry->gzip_etag : entry->etag;
    if (etag_matches(req, etag)) co_return http::Response::not_modified(etag).with_header("Vary", "Accept-Encoding");
    auto answer = http::Response::json(200, gzip ? entry->gzipped : entry->body);
    if (gzip) answer.with_header("Content-Encoding", "gzip");
    co_return answer.with_header("ETag", etag).with_header("Vary", "Accept-Encoding").with_header("Cache-Control", "no-cache");
  });
}

}  // namespace tw::api
