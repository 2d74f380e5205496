// Admin endpoints: events, sales figures, users, demo data. Every route requires the admin role.
#include <boost/json.hpp>
#include <charconv>
#include <map>

#include "api/booking_json.h"
#include "api/catalog_json.h"
#include "api/context.h"
#include "api/error_response.h"
#include "api/event_body.h"
#include "api/json_body.h"
#include "api/query_params.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "api/user_json.h"
#include "core/currency.h"
#include "core/iso_time.h"
#include "services/accounts.h"
#include "services/booking.h"
#include "services/seat_keeper.h"
#include "services/catalog.h"
#include "services/demo_data.h"
#include "services/payments.h"
#include "services/ticket_desk.h"
#include "services/waiting_room.h"

namespace tw::api {
namespace json = boost::json;
namespace {

http::Response no_such(std::string_view what) {
  return http::Response::error(404, "not_found", "No such " + std::string(what));
}

// The waiting room a create or edit asks for: its "waitingRoom" over the room's settings now; on
// creation, a room on by default for an event whose sale opens later; none when nothing changes.
core::Result<std::optional<core::WaitingRoomSettings>> room_asked(const AdminServices& ctx, const json::object& body,
                                                                 std::int64_t event_id, const core::EventDraft& draft,
                                                                 bool creating) {
  const auto current = ctx.waiting_room.settings_of(event_id);
  if (const auto* given = body.if_contains("waitingRoom")) {
    auto s = read_waiting_room(*given, current.value_or(core::WaitingRoomSettings{}));
    if (!s) return s.error();
    return std::optional(*s);
  }
  const bool opens_later = draft.on_sale_at && draft.on_sale_at->utc_seconds > ctx.clock.now_seconds();
  if (creating && opens_later) return std::optional(core::WaitingRoomSettings{.enabled = true});
  return std::optional<core::WaitingRoomSettings>();
}

// The event as its page shows it, with the rules of buying it (its waiting room included).
Task<http::Response> event_answer(const AdminServices& ctx, int status, const services::EventWithMap& e) {
  auto rules = booking_rules(ctx.booking, e.listing.event);
  rules.waiting_room = ctx.waiting_room.settings_of(e.listing.event.id).value_or(core::WaitingRoomSettings{});
  co_return http::Response::json(status, event_detail_json(e, rules));
}

Task<http::Response> create_event(const AdminServices& ctx, http::Request& req, const services::Principal& admin) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto draft = read_event_draft(*body, core::EventDraft{}, true);
  if (!draft) co_return error_response(draft.error());
  auto layout = read_layout_field(*body, draft->currency);
  if (!layout) co_return error_response(layout.error());
  if (!*layout) co_return error_response(missing_field("layout"));
  if (const auto* room = body->if_contains("waitingRoom")) {  // checked before anything is created
    if (auto s = read_waiting_room(*room, {}); !s) co_return error_response(s.error());
  }
  auto created = co_await ctx.catalog.create_event(*draft, std::move(**layout), admin.user_id);
  if (!created) co_return error_response(created.error());
  auto room = room_asked(ctx, *body, created->listing.event.id, *draft, true);
  if (room && *room) {
    if (auto st = co_await ctx.waiting_room.configure(created->listing.event.id, **room); !st) {
      co_return error_response(st.error());
    }
  }
  co_return co_await event_answer(ctx, 201, *created);
}

Task<http::Response> update_event(const AdminServices& ctx, http::Request& req, const services::Principal& admin) {
  const auto id = path_id(req, "id");
  if (!id) co_return no_such("event");
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto existing = co_await ctx.catalog.find_by_id(*id);
  if (!existing) co_return error_response(existing.error());
  auto draft = read_event_draft(*body, existing->listing.event, false);
  if (!draft) co_return error_response(draft.error());
  auto layout = read_layout_field(*body, draft->currency);
  if (!layout) co_return error_response(layout.error());
  auto room = room_asked(ctx, *body, *id, *draft, false);
  if (!room) co_return error_response(room.error());
  auto updated = co_await ctx.seats.update_event(*id, *draft, admin.user_id, std::move(*layout));
  if (!updated) co_return error_response(updated.error());
  if (*room) {
    if (auto st = co_await ctx.waiting_room.configure(*id, **room); !st) co_return error_response(st.error());
  }
  co_return co_await event_answer(ctx, 200, *updated);
}

Task<http::Response> stats(const AdminServices& ctx) {
  co_await ctx.booking.holds_recorded();  // the figures come from the database
  auto rows = co_await ctx.catalog.stats();
  if (!rows) co_return error_response(rows.error());
  json::array events;
  std::int64_t seats = 0, held = 0, sold = 0, blocked = 0;
  std::map<std::string, core::Cents> revenue;  // by currency: amounts of two are never added
  for (const auto& s : *rows) {
    json::object e{{"id", s.event_id},
                   {"slug", s.slug},
                   {"name", s.name},
                   {"isActive", s.active},
                   {"totalSeats", s.total_seats},
                   {"heldSeats", s.held_seats},
                   {"soldSeats", s.sold_seats},
                   {"blockedSeats", s.blocked_seats},
                   {"checkedIn", s.checked_in},
                   {"startsAt", s.starts_at},
                   {"onSaleAt", s.on_sale_at ? json::value(core::format_iso8601(*s.on_sale_at)) : json::value(nullptr)},
                   {"presaleAt", s.presale_at ? json::value(core::format_iso8601(*s.presale_at)) : json::value(nullptr)},
                   {"cancelledAt", s.cancelled_at ? json::value(core::format_utc(s.cancelled_at)) : json::value(nullptr)},
                   {"revenueCents", s.revenue}};
    put_currency(e, s.currency);
    events.push_back(std::move(e));
    seats += s.total_seats, held += s.held_seats, sold += s.sold_seats, blocked += s.blocked_seats;
    revenue[std::string(core::currency_or_default(s.currency).code)] += s.revenue;
  }
  json::array by_currency;
  for (const auto& [code, cents] : revenue) {
    json::object r{{"revenueCents", cents}};
    put_currency(r, code);
    by_currency.push_back(std::move(r));
  }
  json::object totals{{"events", rows->size()}, {"totalSeats", seats}, {"heldSeats", held}, {"soldSeats", sold},
                      {"blockedSeats", blocked},
                      {"revenueCents", revenue.size() == 1 ? json::value(revenue.begin()->second) : json::value(nullptr)},
                      {"revenueByCurrency", std::move(by_currency)}};
  co_return http::Response::json(200, json::serialize(json::object{{"events", std::move(events)},
                                                                   {"totals", std::move(totals)}}));
}

Task<http::Response> list_users(const AdminServices& ctx, http::Request& req) {
  core::UserQuery q;
  auto text = text_param(req, "q", 254);
  auto limit = int_param(req, "limit", 1, 200, 50);
  if (!text) co_return error_response(text.error());
  if (!limit) co_return error_response(limit.error());
  q.email_contains = std::move(*text);
  q.limit = *limit;
  if (auto cursor = req.query_param("cursor")) {
    std::int64_t after = 0;
    const auto [p, ec] = std::from_chars(cursor->data(), cursor->data() + cursor->size(), after);
    if (ec != std::errc() || p != cursor->data() + cursor->size()) {
      co_return error_response(bad_parameter("cursor", "is not a cursor this server gave out"));
    }
    q.after_id = after;
  }
  auto page = co_await ctx.accounts.list_users(std::move(q));
  if (!page) co_return error_response(page.error());
  json::array users;
  for (const auto& u : page->users) users.push_back(user_object(u));
  co_return http::Response::json(
      200, json::serialize(json::object{
               {"users", std::move(users)},
               {"nextCursor", page->next_after_id ? json::value(std::to_string(*page->next_after_id)) : nullptr}}));
}

Task<http::Response> change_user(const AdminServices& ctx, http::Request& req, const services::Principal& admin) {
  const auto id = path_id(req, "id");
  if (!id) co_return no_such("user");
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto role = string_field(*body, "role");
  auto disabled = bool_field(*body, "disabled");
  if (!role) co_return error_response(role.error());
  if (!disabled) co_return error_response(disabled.error());
  core::UserChange change;
  if (*role) {
    change.role = core::parse_role(**role);
    if (!change.role) co_return http::Response::error(400, "invalid_field", "role must be user, staff or admin");
  }
  change.disabled = *disabled;
  auto updated = co_await ctx.accounts.update_user(admin.user_id, *id, change);
  if (!updated) co_return error_response(updated.error());
  if (!updated->has_value()) co_return no_such("user");
  co_return http::Response::json(200, json::serialize(user_object(**updated)));
}

// Wraps a handler so it runs only for admins.
template <class F>
http::Handler admin_only(const AdminServices& ctx, F f) {
  return for_callers(ctx.accounts, kAdminOnly, std::move(f));
}

}  // namespace

void add_admin_routes(http::Router& router, AdminServices ctx) {
  router.add("POST", "/api/events", admin_only(ctx, [ctx](http::Request& req, const services::Principal& p) {
               return create_event(ctx, req, p);
             }));
  router.add("PUT", "/api/events/{id}", admin_only(ctx, [ctx](http::Request& req, const services::Principal& p) {
               return update_event(ctx, req, p);
             }));
  router.add("DELETE", "/api/events/{id}",
             admin_only(ctx, [ctx](http::Request& req, const services::Principal& p) -> Task<http::Response> {
               const auto id = path_id(req, "id");
               if (!id) co_return no_such("event");
               auto done = co_await ctx.catalog.deactivate_event(*id, p.user_id);
               if (!done) co_return error_response(done.error());
               co_return http::Response::json(200, R"({"deactivated":true})");
             }));
  router.add("GET", "/api/admin/stats",
             admin_only(ctx, [ctx](http::Request&, const services::Principal&) { return stats(ctx); }));
  router.add("GET", "/api/admin/users", admin_only(ctx, [ctx](http::Request& req, const services::Principal&) {
               return list_users(ctx, req);
             }));
  router.add("PATCH", "/api/admin/users/{id}",
             admin_only(ctx, [ctx](http::Request& req, const services::Principal& p) {
               return change_user(ctx, req, p);
             }));
  router.add("GET", "/api/admin/events/{id}/tickets",
             admin_only(ctx, [ctx](http::Request& req, const services::Principal&) -> Task<http::Response> {
               const auto id = path_id(req, "id");
               if (!id) co_return no_such_event();
               auto tickets = co_await ctx.tickets.tickets_of_event(*id);
               if (!tickets) co_return error_response(tickets.error());
               co_return http::Response::json(200, tickets_json(*tickets, {}));
             }));
  router.add("POST", "/api/admin/tickets/{id}/cancel",
             admin_only(ctx, [ctx](http::Request& req, const services::Principal&) -> Task<http::Response> {
               auto cancelled = co_await ctx.payments.cancel_ticket(std::string(req.param("id")));
               if (!cancelled) co_return error_response(cancelled.error());
               co_return http::Response::json(200, cancelled_ticket_json(*cancelled));
             }));
  router.add("POST", "/api/admin/seed",
             admin_only(ctx, [ctx](http::Request&, const services::Principal&) -> Task<http::Response> {
               auto report = co_await ctx.demo_data.seed(true);
               if (!report) co_return error_response(report.error());
               co_return http::Response::json(
                   200, "{\"eventsCreated\":" + std::to_string(report->events_created) + "}");
             }));
  router.add("POST", "/api/admin/reset-tickets",
             admin_only(ctx, [ctx](http::Request&, const services::Principal&) -> Task<http::Response> {
               if (!ctx.dev) {
                 co_return http::Response::error(403, "dev_only",
                                                 "Resetting tickets is only possible on a server started with --dev");
               }
               if (auto st = co_await ctx.seats.reset_sales(); !st) co_return error_response(st.error());
               co_return http::Response::json(200, R"({"reset":true})");
             }));
}

}  // namespace tw::api
