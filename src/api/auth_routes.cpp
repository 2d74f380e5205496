#include <boost/json.hpp>

#include "api/context.h"
#include "api/error_response.h"
#include "api/json_body.h"
#include "api/request_bodies.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "api/user_json.h"
#include "core/iso_time.h"
#include "services/accounts.h"

namespace tw::api {
namespace json = boost::json;
namespace {

// The answer to a successful sign-up or sign-in: the user, the session's expiry and CSRF token,
// the token itself for API clients, and the cookies for browsers (the device's first).
http::Response signed_in_response(int status, const services::SignedIn& s, const services::Accounts& accounts,
                                  bool secure_cookies) {
  json::object body{{"user", user_object(s.user)},
                    {"token", s.token},
                    {"csrfToken", s.csrf_token},
                    {"expiresAt", core::format_utc(s.expires_at)}};
  return http::Response::json(status, json::serialize(body))
      .with_header("Set-Cookie", device_cookie(s.device_token, secure_cookies))
      .with_header("Set-Cookie", session_cookie(s.token, accounts.absolute_seconds(), secure_cookies))
      .with_header("Cache-Control", "no-store");
}

std::string device_of(const http::Request& req) { return cookie_value(req, kDeviceCookie).value_or(""); }
std::string user_agent_of(const http::Request& req) { return std::string(req.header("user-agent").value_or("")); }

Task<http::Response> request_reset(services::Accounts& accounts, http::Request& req) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto email = required_text(*body, "email", "the address of your account");
  if (!email) co_return error_response(email.error());
  if (auto st = co_await accounts.request_password_reset(std::move(*email), req.remote_address); !st) {
    co_return error_response(st.error());
  }
  // The same answer whether or not an account uses the address.
  co_return http::Response::json(
      202, R"({"sent":true,"message":"If an account uses that address, we have emailed it a link to choose a new password. The link works once, for 30 minutes."})");
}

Task<http::Response> confirm_reset(services::Accounts& accounts, http::Request& req) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto token = required_text(*body, "token", "the token from the emailed link");
  if (!token) co_return error_response(token.error());
  auto password = required_text(*body, "password", "the new password");
  if (!password) co_return error_response(password.error());
  auto user = co_await accounts.reset_password(std::move(*token), std::move(*password));
  if (!user) co_return error_response(user.error());
  co_return http::Response::json(200, json::serialize(json::object{{"reset", true}, {"email", user->email}}))
      .with_header("Cache-Control", "no-store");
}

}  // namespace

void add_auth_routes(http::Router& router, services::Accounts& accounts, bool secure_cookies) {
  router.add("POST", "/api/auth/signup", [&accounts, secure_cookies](http::Request& req) -> Task<http::Response> {
    auto body = json_object_body(req);
    if (!body) co_return error_response(body.error());
    auto creds = read_credentials(*body, true);
    if (!creds) co_return error_response(creds.error());
    auto signed_in =
        co_await accounts.sign_up(creds->email, creds->password, creds->name, req.remote_address, device_of(req),
                                  user_agent_of(req));
    if (!signed_in) co_return error_response(signed_in.error());
    co_return signed_in_response(201, *signed_in, accounts, secure_cookies);
  });

  router.add("POST", "/api/auth/signin", [&accounts, secure_cookies](http::Request& req) -> Task<http::Response> {
    auto body = json_object_body(req);
    if (!body) co_return error_response(body.error());
    auto creds = read_credentials(*body, false);
    if (!creds) co_return error_response(creds.error());
    auto signed_in = co_await accounts.sign_in(creds->email, creds->password, req.remote_address, device_of(req),
                                               user_agent_of(req));
    if (!signed_in) co_return error_response(signed_in.error());
    co_return signed_in_response(200, *signed_in, accounts, secure_cookies);
  });

  router.add("POST", "/api/auth/password-reset",
             [&accounts](http::Request& req) { return request_reset(accounts, req); });
  router.add("POST", "/api/auth/password-reset/confirm",
             [&accounts](http::Request& req) { return confirm_reset(accounts, req); });

  router.add("POST", "/api/auth/signout", [&accounts, secure_cookies](http::Request& req) -> Task<http::Response> {
    auto caller = co_await authenticate(req, accounts);
    if (!caller) co_return error_response(caller.error());
    if (auto st = co_await accounts.sign_out(caller->principal.token_hash); !st) {
      co_return error_response(st.error());
    }
    co_return http::Response::json(200, R"({"signedOut":true})")
        .with_header("Set-Cookie", expired_session_cookie(secure_cookies));
  });

  router.add("GET", "/api/auth/session", [&accounts, secure_cookies](http::Request& req) -> Task<http::Response> {
    auto caller = co_await authenticate(req, accounts);
    // ?optional=1 (the web app) asks "who am I, if anyone": no session is an answer, not an error.
    if (!caller && caller.error().kind == core::ErrorKind::kUnauthorized && req.query_param("optional") == "1") {
      co_return http::Response::json(200, "{\"user\":null}").with_header("Cache-Control", "no-store");
    }
    if (!caller) co_return error_response(caller.error());
    const auto& p = caller->principal;
    json::object body{
        {"user",
         {{"id", p.user_id},
          {"email", p.email},
          {"name", p.name},
          {"role", core::role_name(p.role)},
          {"emailVerified", p.email_verified}}},
        {"csrfToken", p.csrf_token},
        {"expiresAt", core::format_utc(p.expires_at)}};
    co_return http::Response::json(200, json::serialize(body)).with_header("Cache-Control", "no-store");
  });
}

}  // namespace tw::api
