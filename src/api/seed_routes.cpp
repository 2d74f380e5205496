// The seed's routes (`/api/seats/lock`, `/api/seats/status`, `/api/payment`, `POST /api/tickets`),
// kept for clients written against it, as thin adapters over the same services. Unlike the seed,
// the user comes from the session and the price from the server, never from the body.
#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "api/booking_json.h"
#include "api/context.h"
#include "api/error_response.h"
#include "api/json_body.h"
#include "api/latest_answers.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "services/accounts.h"
#include "services/booking.h"
#include "services/seat_keeper.h"
#include "services/catalog.h"

namespace tw::api {
namespace json = boost::json;
namespace {

// The seed names events by id or slug; we accept both.
Task<core::Result<std::string>> event_slug(const SeedServices& ctx, std::string id_or_slug) {
  if (!id_or_slug.empty() && id_or_slug.size() < 18 &&
      std::all_of(id_or_slug.begin(), id_or_slug.end(), [](unsigned char c) { return std::isdigit(c); })) {
    auto event = co_await ctx.catalog.find_cached_by_id(std::stoll(id_or_slug));
    if (!event) co_return event.error();
    co_return event->listing.event.slug;
  }
  co_return id_or_slug;
}

Task<http::Response> lock_seat(const SeedServices& ctx, http::Request& req, std::int64_t user) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto event_id = string_field(*body, "eventId");
  auto seat_id = string_field(*body, "seatId");
  if (!event_id) co_return error_response(event_id.error());
  if (!seat_id) co_return error_response(seat_id.error());
  if (!*event_id) co_return error_response(missing_field("eventId"));
  if (!*seat_id) co_return error_response(missing_field("seatId"));
  auto slug = co_await event_slug(ctx, **event_id);
  if (!slug) co_return error_response(slug.error());
  std::vector<std::string> seats{**seat_id};
  auto hold = co_await ctx.booking.hold(user, std::move(*slug), std::move(seats));
  if (!hold) co_return error_response(hold.error());
  auto answer = json::parse(hold_json(*hold)).as_object();
  answer["success"] = true;
  answer["message"] = "Seat locked!";
  co_return http::Response::json(201, json::serialize(answer));
}

Task<http::Response> unlock_seat(const SeedServices& ctx, http::Request& req, std::int64_t user) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto hold_id = string_field(*body, "holdId");
  if (!hold_id) co_return error_response(hold_id.error());
  if (!*hold_id) co_return error_response(missing_field("holdId"));
  auto st = co_await ctx.booking.release(user, std::move(**hold_id));
  if (!st) co_return error_response(st.error());
  co_return http::Response::json(200, R"({"success":true,"message":"Seat released"})");
}

std::string seat_status_json(const services::SeatsView& seats, const core::SeatMap& map) {
  static constexpr const char* kNames[] = {"available", "locked", "sold"};
  json::object statuses;
  const auto& states = *seats.availability.seats;
  for (std::size_t i = 0; i < states.size(); ++i) {
    statuses[map.seat(static_cast<int>(i)).id()] = kNames[static_cast<int>(states[i])];
  }
  return json::serialize(json::object{
      {"eventId", seats.event_id}, {"version", seats.availability.version}, {"seats", std::move(statuses)}});
}

// The seed's status answer is large (a name per seat: ~0.5 MB for the arena), so each version is
// rendered once and shared by every request for it: a thousand clients that never read hold
// references to one buffer, not a thousand copies.
Task<http::Response> seat_status(const SeedServices& ctx, LatestAnswers<std::int64_t>& answers, http::Request& req) {
  const auto id = req.query_param("eventId");
  if (!id || id->empty()) co_return error_response(core::invalid("invalid_parameter", "eventId is required"));
  auto slug = co_await event_slug(ctx, std::string(*id));
  if (!slug) co_return error_response(slug.error());
  auto seats = co_await ctx.seats.seats(*slug);
  if (!seats) co_return error_response(seats.error());
  auto event = co_await ctx.catalog.find_cached(*slug);
  if (!event) co_return error_response(event.error());
  const auto& map = *event->seat_map;
  auto answer = answers.get(seats->event_id, seats->availability.version, [&] {
    return Answer{std::make_shared<const std::string>(seat_status_json(*seats, map)), {}};
  });
  co_return http::Response::json(200, std::move(answer.body));
}

}  // namespace

void add_seed_routes(http::Router& router, SeedServices ctx, const http::Handler& checkout) {
  const auto signed_in = [ctx](auto f) {
    return for_callers(ctx.accounts, kAnyRole,
                       [ctx, f](http::Request& req, const services::Principal& p) { return f(ctx, req, p.user_id); });
  };
  router.add("POST", "/api/seats/lock", signed_in(lock_seat));
  router.add("DELETE", "/api/seats/lock", signed_in(unlock_seat));
  auto answers = std::make_shared<LatestAnswers<std::int64_t>>();
  router.add("GET", "/api/seats/status",
             [ctx, answers](http::Request& req) { return seat_status(ctx, *answers, req); });
  router.add("POST", "/api/payment", checkout);
  router.add("POST", "/api/tickets", checkout);
}

}  // namespace tw::api
