// What organisers look up and take away: tickets with their buyers, found by name, email,
// order or ticket id, and an event's tickets as CSV for a spreadsheet. Admins only.
#include <boost/json.hpp>

#include "api/booking_json.h"
#include "api/context.h"
#include "api/csv.h"
#include "api/error_response.h"
#include "api/query_params.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "api/ticket_events.h"
#include "core/iso_time.h"
#include "core/currency.h"
#include "services/catalog.h"
#include "services/seat_keeper.h"
#include "services/ticket_desk.h"

namespace tw::api {
namespace {

// Enough for the largest venue's every ticket, with its resales and cancellations.
constexpr int kExportLimit = 1'000'000;

Task<http::Response> find_sales(const SalesServices& ctx, http::Request& req) {
  auto text = text_param(req, "q", 254);
  if (!text) co_return error_response(text.error());
  auto event = int64_param(req, "event", 1, 0);
  if (!event) co_return error_response(event.error());
  auto limit = int_param(req, "limit", 1, 200, 50);
  if (!limit) co_return error_response(limit.error());
  core::SoldTicketQuery q{*event, std::move(*text), *limit};
  auto sold = co_await ctx.tickets.find_sold(std::move(q));
  if (!sold) co_return error_response(sold.error());
  const auto events = co_await events_of(ctx.seats, *sold);
  co_return http::Response::json(200, sold_tickets_json(*sold, events))
      .with_header("Cache-Control", "no-store");
}

// One CSV line per ticket: what a box office reconciles against (seat, buyer, money, check-in).
std::string tickets_csv(const std::vector<core::SoldTicket>& sold, const services::EventWithMap& event) {
  std::string out =
      csv_line({"ticket_id", "order_id", "status", "section", "row", "seat", "seat_id", "buyer_name",
                "buyer_email", "price", "fee", "total", "currency", "purchased_at", "checked_in_at", "gate"});
  const auto& map = *event.seat_map;
  const auto currency = core::currency_or_default(event.listing.event.currency);
  const auto amount = [&](core::Cents c) { return core::format_amount(c, currency); };
  for (const auto& s : sold) {
    const auto& t = s.ticket;
    std::string section, row, number;
    if (t.seat_index >= 0 && t.seat_index < map.seat_count()) {
      const auto seat = map.seat(t.seat_index);
      section = seat.section->spec.name, row = seat.row->label, number = std::to_string(seat.number);
    }
    out +=
        csv_line({t.id, t.order_id, std::string(core::state_name(t.status)), section, row, number, t.seat_id,
                  s.buyer_name, s.buyer_email, amount(t.price), amount(t.fee), amount(t.total),
                  std::string(currency.code), core::format_utc(t.purchased_at),
                  t.checked_in_at_ms ? core::format_utc_ms(t.checked_in_at_ms) : "", t.checked_in_gate});
  }
  return out;
}

Task<http::Response> export_tickets(const SalesServices& ctx, http::Request& req) {
  const auto id = path_id(req, "id");
  if (!id) co_return no_such_event();
  auto event = co_await ctx.seats.current_event(*id);
  if (!event) co_return error_response(event.error());
  core::SoldTicketQuery q{*id, "", kExportLimit};
  auto sold = co_await ctx.tickets.find_sold(std::move(q));
  if (!sold) co_return error_response(sold.error());
  http::Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = tickets_csv(*sold, *event);
  co_return r.with_header("Cache-Control", "no-store")
      .with_header("Content-Disposition",
                   "attachment; filename=\"" + event->listing.event.slug + "-tickets.csv\"");
}

}  // namespace

void add_sales_routes(http::Router& router, SalesServices ctx) {
  router.add("GET", "/api/admin/sales",
             for_callers(ctx.accounts, kAdminOnly, [ctx](http::Request& req, const services::Principal&) {
               return find_sales(ctx, req);
             }));
  router.add("GET", "/api/admin/events/{id}/tickets.csv",
             for_callers(ctx.accounts, kAdminOnly, [ctx](http::Request& req, const services::Principal&) {
               return export_tickets(ctx, req);
             }));
}

}  // namespace tw::api
