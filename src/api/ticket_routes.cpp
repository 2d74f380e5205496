// A ticket holder's endpoints: the list, one ticket (with its signed code), its image, its
// printable PDF and calendar entry (and an order's PDF), and transfer to another account.
#include <boost/json.hpp>

#include "api/booking_json.h"
#include "api/context.h"
#include "api/error_response.h"
#include "api/json_body.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "api/ticket_events.h"
#include "services/catalog.h"
#include "services/ticket_desk.h"
#include "services/wallet_passes.h"

namespace tw::api {
namespace {

services::Viewer viewer_of(const services::Principal& p) {
  return {p.user_id, p.role == core::Role::kAdmin};
}


Task<http::Response> one_ticket(const TicketServices& ctx, http::Request& req, const services::Principal& p) {
  auto t = co_await ctx.tickets.ticket(std::string(req.param("id")), viewer_of(p));
  if (!t) co_return error_response(t.error());
  const std::vector<core::TicketRecord> one{*t};
  const auto events = co_await events_of(ctx.seats, one);
  const auto code = t->user_id == p.user_id ? ctx.tickets.code_for(*t) : std::string();
  // The web app offers the wallets this site has keys for (ticket_json: for a usable ticket).
  const auto base = "/api/tickets/" + t->id;
  const WalletLinks wallets{ctx.wallet.offers_apple() ? base + "/pass.pkpass" : std::string(),
                            ctx.wallet.offers_google() ? base + "/google-wallet" : std::string()};
  co_return http::Response::json(200, ticket_json(*t, events, code, wallets)).with_header("Cache-Control", "no-store");
}

Task<http::Response> ticket_image(const TicketServices& ctx, http::Request& req, const services::Principal& p) {
  auto png = co_await ctx.tickets.image_png(std::string(req.param("id")), viewer_of(p));
  if (!png) co_return error_response(png.error());
  http::Response r;
  r.content_type = "image/png";
  r.body = **png;
  co_return r.with_header("Cache-Control", "private, no-cache")
      .with_header("Content-Disposition",
                   "inline; filename=\"ticket-" + std::string(req.param("id")) + ".png\"");
}

Task<http::Response> ticket_pdf(const TicketServices& ctx, http::Request& req, const services::Principal& p) {
  const std::string id(req.param("id"));
  auto pdf = co_await ctx.tickets.pdf(id, viewer_of(p));
  if (!pdf) co_return error_response(pdf.error());
  co_return http::Response::download(std::move(pdf).value(), "application/pdf", "ticket-" + id + ".pdf", false);
}

Task<http::Response> order_pdf(const TicketServices& ctx, http::Request& req, const services::Principal& p) {
  const std::string id(req.param("id"));
  auto pdf = co_await ctx.tickets.order_pdf(id, p.user_id);
  if (!pdf) co_return error_response(pdf.error());
  co_return http::Response::download(std::move(pdf).value(), "application/pdf", "tickets-" + id + ".pdf", false);
}

Task<http::Response> calendar(const TicketServices& ctx, http::Request& req, const services::Principal& p) {
  const std::string id(req.param("id"));
  auto ics = co_await ctx.tickets.calendar(id, viewer_of(p));
  if (!ics) co_return error_response(ics.error());
  co_return http::Response::download(std::move(ics).value(), "text/calendar; charset=utf-8", "event-" + id + ".ics", true);
}

Task<http::Response> transfer(const TicketServices& ctx, http::Request& req, const services::Principal& p) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto email = string_field(*body, "email");
  if (!email) co_return error_response(email.error());
  if (!*email)
    co_return error_response(core::invalid("missing_field", "email is required: who receives the ticket"));
  auto t = co_await ctx.tickets.transfer(std::string(req.param("id")), p.user_id, std::move(**email));
  if (!t) co_return error_response(t.error());
  co_return http::Response::json(200, "{\"transferred\":true,\"ticketId\":" + http::json_quote(t->id) + "}");
}

}  // namespace

void add_ticket_routes(http::Router& router, TicketServices ctx) {
  router.add("GET", "/api/tickets",
             for_callers(ctx.accounts, kAnyRole,
                         [ctx](http::Request&, const services::Principal& p) -> Task<http::Response> {
                           auto tickets = co_await ctx.tickets.tickets_of(p.user_id);
                           if (!tickets) co_return error_response(tickets.error());
                           const auto events = co_await events_of(ctx.seats, *tickets);
                           co_return http::Response::json(200, tickets_json(*tickets, events));
                         }));
  router.add("GET", "/api/tickets/{id}",
             for_callers(ctx.accounts, kAnyRole, [ctx](http::Request& req, const services::Principal& p) {
               return one_ticket(ctx, req, p);
             }));
  router.add("GET", "/api/tickets/{id}/image.png",
             for_callers(ctx.accounts, kAnyRole, [ctx](http::Request& req, const services::Principal& p) {
               return ticket_image(ctx, req, p);
             }));
  router.add("GET", "/api/tickets/{id}/qr.svg",
             for_callers(ctx.accounts, kAnyRole,
                         [ctx](http::Request& req, const services::Principal& p) -> Task<http::Response> {
                           auto svg = co_await ctx.tickets.qr_svg(std::string(req.param("id")), p.user_id);
                           if (!svg) co_return error_response(svg.error());
                           http::Response r;
                           r.content_type = "image/svg+xml";
                           r.body = std::move(svg).value();
                           co_return r.with_header("Cache-Control", "private, no-store");
                         }));
  router.add("GET", "/api/tickets/{id}/ticket.pdf",
             for_callers(ctx.accounts, kAnyRole, [ctx](http::Request& req, const services::Principal& p) {
               return ticket_pdf(ctx, req, p);
             }));
  router.add("GET", "/api/tickets/{id}/event.ics",
             for_callers(ctx.accounts, kAnyRole, [ctx](http::Request& req, const services::Principal& p) {
               return calendar(ctx, req, p);
             }));
  router.add("GET", "/api/orders/{id}/tickets.pdf",
             for_callers(ctx.accounts, kAnyRole, [ctx](http::Request& req, const services::Principal& p) {
               return order_pdf(ctx, req, p);
             }));
  router.add("POST", "/api/tickets/{id}/transfer",
             for_callers(ctx.accounts, kAnyRole, [ctx](http::Request& req, const services::Principal& p) {
               return transfer(ctx, req, p);
             }));
}

}  // namespace tw::api
