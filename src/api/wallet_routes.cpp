// Tickets in phone wallets: the holder's Apple Wallet pass and "Save to Google Wallet" link, and
// Apple's pass web service, which Wallet asks for a pass's latest version (a pass given away,
// used or cancelled comes back void). The web service's paths and its "ApplePass <token>"
// authorisation are Apple's (Wallet Passes web service reference), under /api/wallet.
#include "api/context.h"
#include "api/error_response.h"
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
Task<http::Response> latest_pass(const TicketServices& ctx, http::Request& req) {
  const auto auth = req.header("authorization").value_or("");
  constexpr std::string_view kScheme = "ApplePass ";
  const std::string token(auth.starts_with(kScheme) ? auth.substr(kScheme.size()) : std::string_view());
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
  // Wallet reports problems with a pass here; they are written to the log, bounded.
  router.add("POST", "/api/wallet/v1/log", [](http::Request& req) -> Task<http::Response> {
    log_line(LogLevel::kWarning, "wallet reported", {{"logs", std::string_view(req.body).substr(0, 2000)}});
    co_return http::Response::json(200, "{}");
  });
}

}  // namespace tw::api
