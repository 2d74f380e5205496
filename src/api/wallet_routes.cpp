// Tickets in phone wallets: the holder's Apple Wallet pass and "Save to Google Wallet" link, and
// Apple's pass web service, where a device's Wallet registers the passes it holds, asks which
// changed, and fetches a pass's latest version (a pass given away, used or cancelled comes back
// void). The web service's paths and its "ApplePass <token>" authorisation are Apple's (Wallet
// Passes web service reference), under /api/wallet.
#include <boost/json.hpp>
#include <charconv>

#include "api/context.h"
#include "api/error_response.h"
#include "api/json_body.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "async/log.h"
#include "http/http_date.h"
#include "services/wallet_passes.h"

namespace tw::api {
namespace {

Task<http::Response> apple_pass(const TicketServices& ctx, http::Request& req, const services::Principal& p) {
  const std::string id(req.param("id"));
  auto pass = co_await ctx.wallet.apple_pass(id, p.user_id);
  if (!pass) co_return error_response(pass.error());
  co_return http::Response::download(std::move(pass).value(), "application/vnd.apple.pkpass",
                                     "ticket-" + id + ".pkpass", true);
}

Task<http::Response> google_link(const TicketServices& ctx, http::Request& req, const services::Principal& p) {
  auto url = co_await ctx.wallet.google_save_url(std::string(req.param("id")), p.user_id);
  if (!url) co_return error_response(url.error());
  http::Response r;
  r.status = 302;
  co_return r.with_header("Location", *url).with_header("Cache-Control", "private, no-store");
}

// GET /v1/passes/{passTypeIdentifier}/{serialNumber}: the pass as it is now, or 304 when it has
// not changed since If-Modified-Since.
// The pass's token from "Authorization: ApplePass <token>", or empty.
std::string pass_token(const http::Request& req) {
  const auto auth = req.header("authorization").value_or("");
  constexpr std::string_view kScheme = "ApplePass ";
  return std::string(auth.starts_with(kScheme) ? auth.substr(kScheme.size()) : std::string_view());
}

Task<http::Response> latest_pass(const TicketServices& ctx, http::Request& req) {
  const auto token = pass_token(req);
  auto pass = co_await ctx.wallet.latest_apple_pass(std::string(req.param("type")), std::string(req.param("serial")),
                                                    token);
  if (!pass) co_return error_response(pass.error());
  const auto since = http::parse_http_date(req.header("if-modified-since").value_or(""));
  if (since && pass->modified_seconds <= *since) {
    http::Response r;
    r.status = 304;
    co_return r;
  }
  http::Response r;
  r.content_type = "application/vnd.apple.pkpass";
  r.body = std::move(pass->pkpass);
  co_return r.with_header("Last-Modified", http::format_http_date(pass->modified_seconds))
      .with_header("Cache-Control", "no-store");
}

// POST /v1/devices/{device}/registrations/{type}/{serial} {"pushToken"}: 201 when the device
// did not hold the pass yet, 200 when it did.
Task<http::Response> register_device(const TicketServices& ctx, http::Request& req) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto push_token = required_text(*body, "pushToken", "the device's push token");
  if (!push_token) co_return error_response(push_token.error());
  auto created = co_await ctx.wallet.register_device(std::string(req.param("device")), std::string(req.param("type")),
                                                     std::string(req.param("serial")), pass_token(req),
                                                     std::move(*push_token));
  if (!created) co_return error_response(created.error());
  co_return http::Response::json(*created ? 201 : 200, "{}");
}

Task<http::Response> unregister_device(const TicketServices& ctx, http::Request& req) {
  auto removed = co_await ctx.wallet.unregister_device(std::string(req.param("device")), std::string(req.param("type")),
                                                       std::string(req.param("serial")), pass_token(req));
  if (!removed) co_return error_response(removed.error());
  co_return http::Response::json(200, "{}");
}

// GET /v1/devices/{device}/registrations/{type}?passesUpdatedSince=<tag>: the serials changed
// since the tag this service gave last time (absent: all), with a new tag; 204 when none.
Task<http::Response> updated_passes(const TicketServices& ctx, http::Request& req) {
  std::int64_t since = 0;
  if (const auto tag = req.query_param("passesUpdatedSince"); tag && !tag->empty()) {
    const auto parsed = std::from_chars(tag->data(), tag->data() + tag->size(), since);
    if (parsed.ec != std::errc() || parsed.ptr != tag->data() + tag->size() || since < 0) {
      co_return error_response(core::invalid("invalid_tag", "passesUpdatedSince must be a tag this service gave"));
    }
  }
  auto updated = co_await ctx.wallet.updated_passes(std::string(req.param("device")), std::string(req.param("type")),
                                                    since);
  if (!updated) co_return error_response(updated.error());
  if (updated->serials.empty()) {
    http::Response r;
    r.status = 204;
    co_return r;
  }
  boost::json::array serials;
  for (const auto& s : updated->serials) serials.emplace_back(s);
  boost::json::object answer{{"serialNumbers", std::move(serials)},
                             {"lastUpdated", std::to_string(updated->last_updated)}};
  co_return http::Response::json(200, boost::json::serialize(answer)).with_header("Cache-Control", "no-store");
}

}  // namespace

void add_wallet_routes(http::Router& router, TicketServices ctx) {
  router.add("GET", "/api/tickets/{id}/pass.pkpass",
             for_callers(ctx.accounts, kAnyRole, [ctx](http::Request& req, const services::Principal& p) {
               return apple_pass(ctx, req, p);
             }));
  router.add("GET", "/api/tickets/{id}/google-wallet",
             for_callers(ctx.accounts, kAnyRole, [ctx](http::Request& req, const services::Principal& p) {
               return google_link(ctx, req, p);
             }));
  router.add("GET", "/api/wallet/v1/passes/{type}/{serial}",
             [ctx](http::Request& req) { return latest_pass(ctx, req); });
  router.add("POST", "/api/wallet/v1/devices/{device}/registrations/{type}/{serial}",
             [ctx](http::Request& req) { return register_device(ctx, req); });
  router.add("DELETE", "/api/wallet/v1/devices/{device}/registrations/{type}/{serial}",
             [ctx](http::Request& req) { return unregister_device(ctx, req); });
  router.add("GET", "/api/wallet/v1/devices/{device}/registrations/{type}",
             [ctx](http::Request& req) { return updated_passes(ctx, req); });
  // Wallet reports problems with a pass here; they are written to the log, bounded.
  router.add("POST", "/api/wallet/v1/log", [](http::Request& req) -> Task<http::Response> {
    log_line(LogLevel::kWarning, "wallet reported", {{"logs", std::string_view(req.body).substr(0, 2000)}});
    co_return http::Response::json(200, "{}");
  });
}

}  // namespace tw::api
