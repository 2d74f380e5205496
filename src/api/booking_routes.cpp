// Seats, holds, checkout, orders and tickets. The user always comes from the session; prices
// always come from the server; unknown body fields (a price, a userId) are ignored.
#include <algorithm>
#include <boost/json.hpp>
#include <optional>

#include "api/booking_json.h"
#include "api/context.h"
#include "api/error_response.h"
#include "api/json_body.h"
#include "api/latest_answers.h"
#include "api/request_auth.h"
#include "api/request_bodies.h"
#include "api/routes.h"
#include "services/accounts.h"
#include "services/booking.h"
#include "services/seat_keeper.h"
#include "services/checkout.h"
#include "services/seat_feed.h"
#include "services/waiting_room.h"

namespace tw::api {
namespace json = boost::json;
namespace {

// Runs `f(req, user_id)` for a signed-in caller.
template <class F>
http::Handler signed_in(const BookingServices& ctx, F f) {
  return for_callers(ctx.accounts, kAnyRole,
                     [f](http::Request& req, const services::Principal& p) { return f(req, p.user_id); });
}

// The show a hold or order is for, to name it and its seats on the pages fans read; without it
// (the catalogue did not answer) the answer still carries the ids.
Task<std::optional<services::EventWithMap>> show_of(const BookingServices& ctx, std::int64_t event_id) {
  auto event = co_await ctx.seats.current_event(event_id);
  if (!event) co_return std::nullopt;
  co_return std::move(event).value();
}

template <class View>
Task<http::Response> described(const BookingServices& ctx, const View& view, std::int64_t event_id,
                               std::string (*to_json)(const View&, const services::EventWithMap*)) {
  const auto show = co_await show_of(ctx, event_id);
  co_return http::Response::json(200, to_json(view, show ? &*show : nullptr));
}

// The waiting room's pass the request carries (X-Queue-Pass), or none.
std::string queue_pass(const http::Request& req) { return std::string(req.header("x-queue-pass").value_or("")); }

// A sale behind a waiting room takes holds only from fans let in (services/waiting_room.h).
Task<core::Status> past_the_door(const BookingServices& ctx, const http::Request& req, const services::Principal& p) {
  co_return co_await ctx.waiting_room.admit_hold(p.user_id, std::string(req.param("slug")), p.token_hash,
                                                 queue_pass(req));
}

Task<http::Response> create_hold(const BookingServices& ctx, http::Request& req, const services::Principal& p) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto seats = read_seat_list(*body);
  if (!seats) co_return error_response(seats.error());
  if (auto st = co_await past_the_door(ctx, req, p); !st) co_return error_response(st.error());
  const auto user = p.user_id;
  auto hold = co_await ctx.booking.hold(user, std::string(req.param("slug")), std::move(*seats));
  if (!hold) co_return error_response(hold.error());
  co_return http::Response::json(201, hold_json(*hold));
}

Task<http::Response> create_best_hold(const BookingServices& ctx, http::Request& req, const services::Principal& p) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto request = read_best_seats(*body);
  if (!request) co_return error_response(request.error());
  if (auto st = co_await past_the_door(ctx, req, p); !st) co_return error_response(st.error());
  const auto user = p.user_id;
  auto hold = co_await ctx.booking.hold_best(user, std::string(req.param("slug")), std::move(*request));
  if (!hold) co_return error_response(hold.error());
  co_return http::Response::json(201, hold_json(*hold));
}

Task<http::Response> checkout(const BookingServices& ctx, http::Request& req, const services::Principal& p) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  if (auto st = ctx.accounts.may_buy(p); !st) co_return error_response(st.error());
  auto hold_id = string_field(*body, "holdId");
  if (!hold_id) co_return error_response(hold_id.error());
  if (!*hold_id) co_return error_response(missing_field("holdId"));
  auto card = read_card(*body);
  if (!card) co_return error_response(card.error());
  const auto user = p.user_id;
  if (auto st = co_await ctx.waiting_room.admit_checkout(user, **hold_id, p.token_hash, queue_pass(req)); !st) {
    co_return error_response(st.error());
  }
  const std::string key(req.header("idempotency-key").value_or(""));
  auto order = co_await ctx.checkout.checkout(user, std::move(**hold_id), std::move(*card), key);
  if (!order) co_return error_response(order.error());
  if (!order->replayed) co_await ctx.waiting_room.finished(order->order.event_id, user);  // their place goes to the next
  co_return http::Response::json(order->replayed ? 200 : 201, order_json(*order))
      .with_header("Idempotent-Replayed", order->replayed ? "true" : "false");
}

}  // namespace

http::Handler add_booking_routes(http::Router& router, BookingServices ctx) {
  // Rendered once per version: a crowd reading between two changes shares one answer.
  auto answers = std::make_shared<LatestAnswers<std::int64_t>>();
  router.add("GET", "/api/events/{slug}/seats", [ctx, answers](http::Request& req) -> Task<http::Response> {
    auto now = co_await ctx.seat_feed.current(std::string(req.param("slug")));
    if (!now) co_return error_response(now.error());
    auto answer = answers->get(now->event_id, now->version, [&] {
      return Answer{std::make_shared<const std::string>(seats_json(now->event_id, now->version, *now->seats)), {}};
    });
    co_return http::Response::json(200, std::move(answer.body)).with_header("Cache-Control", "no-cache");
  });
  router.add("POST", "/api/events/{slug}/holds",
             for_callers(ctx.accounts, kAnyRole, [ctx](http::Request& req, const services::Principal& p) {
               return create_hold(ctx, req, p);
             }));
  router.add("POST", "/api/events/{slug}/holds/best",
             for_callers(ctx.accounts, kAnyRole, [ctx](http::Request& req, const services::Principal& p) {
               return create_best_hold(ctx, req, p);
             }));
  // The caller's running holds of one event: every tab and device shows them as theirs.
  router.add("GET", "/api/holds",
             signed_in(ctx, [ctx](http::Request& req, std::int64_t user) -> Task<http::Response> {
               const auto slug = req.query_param("event");
               if (!slug || slug->empty()) {
                 co_return http::Response::error(400, "missing_parameter", "Name the event: /api/holds?event={slug}");
               }
               auto holds = co_await ctx.booking.holds_of(user, std::string(*slug));
               if (!holds) co_return error_response(holds.error());
               std::string body = "{\"holds\":[";
               for (std::size_t i = 0; i < holds->size(); ++i) body += (i ? "," : "") + hold_json((*holds)[i]);
               co_return http::Response::json(200, body + "]}").with_header("Cache-Control", "no-store");
             }));
  router.add("GET", "/api/holds/{id}",
             signed_in(ctx, [ctx](http::Request& req, std::int64_t user) -> Task<http::Response> {
               auto hold = co_await ctx.booking.get_hold(user, std::string(req.param("id")));
               if (!hold) co_return error_response(hold.error());
               co_return co_await described(ctx, *hold, hold->hold.event_id, &hold_json);
             }));
  router.add("POST", "/api/holds/{id}/renew",
             signed_in(ctx, [ctx](http::Request& req, std::int64_t user) -> Task<http::Response> {
               auto hold = co_await ctx.booking.renew(user, std::string(req.param("id")));
               if (!hold) co_return error_response(hold.error());
               co_return http::Response::json(200, hold_json(*hold));
             }));
  router.add("DELETE", "/api/holds/{id}",
             signed_in(ctx, [ctx](http::Request& req, std::int64_t user) -> Task<http::Response> {
               auto st = co_await ctx.booking.release(user, std::string(req.param("id")));
               if (!st) co_return error_response(st.error());
               co_return http::Response::json(200, R"({"released":true})");
             }));
  auto checkout_handler = for_callers(ctx.accounts, kAnyRole, [ctx](http::Request& req, const services::Principal& p) {
    return checkout(ctx, req, p);
  });
  router.add("POST", "/api/checkout", checkout_handler);
  router.add("GET", "/api/orders/{id}",
             signed_in(ctx, [ctx](http::Request& req, std::int64_t user) -> Task<http::Response> {
               auto order = co_await ctx.checkout.get_order(user, std::string(req.param("id")));
               if (!order) co_return error_response(order.error());
               co_return co_await described(ctx, *order, order->order.event_id, &order_json);
             }));
  return checkout_handler;
}

}  // namespace tw::api
