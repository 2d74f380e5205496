// A ticket holder's endpoints: the list, one ticket (with its signed code), its image, its
// printable PDF and calendar entry (and an order's PDF), and sending it to anyone by email (to
// an account at once, or by a claim link the recipient follows: services/ticket_offers.h).
#include <boost/json.hpp>

#include "api/booking_json.h"
#include "api/context.h"
#include "api/error_response.h"
#include "api/json_body.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "api/ticket_events.h"
#include "services/catalog.h"
#include "core/iso_time.h"
#include "services/ticket_desk.h"
#include "services/ticket_offers.h"
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
  auto pending = co_await ctx.offers.pending(t->id, p.user_id);
  if (!pending) co_return error_response(pending.error());
  const auto* offer = pending->has_value() ? &**pending : nullptr;
  co_return http::Response::json(200, ticket_json(*t, events, code, wallets, offer))
      .with_header("Cache-Control", "no-store");
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
  auto sent = co_await ctx.offers.send(std::string(req.param("id")), p.user_id, std::move(**email));
  if (!sent) co_return error_response(sent.error());
  if (!sent->offer) {
    co_return http::Response::json(200, "{\"transferred\":true,\"ticketId\":" + http::json_quote(sent->ticket.id) + "}");
  }
  const auto& o = *sent->offer;
  boost::json::object answer{
      {"offered", true},
      {"ticketId", o.ticket_id},
      {"to", o.to_email},
      {"expiresAt", core::format_utc(o.expires_at)},
      {"message", "No account uses " + o.to_email + " yet, so we emailed it a link to claim the ticket. It stays yours, " +
                      "and can be used, until it is claimed; you can cancel until then."}};
  co_return http::Response::json(202, boost::json::serialize(answer));
}

Task<http::Response> cancel_transfer(const TicketServices& ctx, http::Request& req, const services::Principal& p) {
  if (auto st = co_await ctx.offers.cancel(std::string(req.param("id")), p.user_id); !st) {
    co_return error_response(st.error());
  }
  co_return http::Response::json(200, R"({"cancelled":true})");
}

core::Result<std::string> token_of(const http::Request& req) {
  auto body = json_object_body(req);
  if (!body) return body.error();
  return required_text(*body, "token", "the token from the emailed link");
}

Task<http::Response> view_offer(const TicketServices& ctx, http::Request& req) {
  auto token = token_of(req);
  if (!token) co_return error_response(token.error());
  auto v = co_await ctx.offers.view(std::move(*token));
  if (!v) co_return error_response(v.error());
  const auto& art = v->facts.art;
  const char* status = v->offer.state != core::OfferState::kOpen ? core::state_name(v->offer.state)
                       : v->expired                              ? "expired"
                                                                 : "open";
  boost::json::object answer{{"status", status},
                             {"from", v->from_name},
                             {"to", v->offer.to_email},
                             {"expiresAt", core::format_utc(v->offer.expires_at)},
                             {"event", {{"name", art.event_name}, {"when", art.when}, {"venue", art.venue},
                                        {"slug", v->facts.event.listing.event.slug}}},
                             {"seat", {{"section", art.section}, {"row", art.row}, {"seat", art.seat},
                                       {"tier", art.tier}}}};
  co_return http::Response::json(200, boost::json::serialize(answer)).with_header("Cache-Control", "no-store");
}

Task<http::Response> claim_offer(const TicketServices& ctx, http::Request& req, const services::Principal& p) {
  auto token = token_of(req);
  if (!token) co_return error_response(token.error());
  auto t = co_await ctx.offers.claim(std::move(*token), p.user_id);
  if (!t) co_return error_response(t.error());
  co_return http::Response::json(200, "{\"claimed\":true,\"ticketId\":" + http::json_quote(t->id) + "}");
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
  router.add("DELETE", "/api/tickets/{id}/transfer",
             for_callers(ctx.accounts, kAnyRole, [ctx](http::Request& req, const services::Principal& p) {
               return cancel_transfer(ctx, req, p);
             }));
  router.add("POST", "/api/ticket-offers/lookup", [ctx](http::Request& req) { return view_offer(ctx, req); });
  router.add("POST", "/api/ticket-offers/claim",
             for_callers(ctx.accounts, kAnyRole, [ctx](http::Request& req, const services::Principal& p) {
               return claim_offer(ctx, req, p);
             }));
}

}  // namespace tw::api
