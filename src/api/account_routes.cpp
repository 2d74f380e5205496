// The account page: the fan's name, address and password, the confirmation of their address,
// and the devices signed in to the account. Every route acts on the caller's own account only.
#include <boost/json.hpp>

#include "api/error_response.h"
#include "api/json_body.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "api/user_json.h"
#include "core/iso_time.h"
#include "services/accounts.h"
#include "services/personal_data.h"

namespace tw::api {
namespace json = boost::json;
namespace {

using services::Accounts;
using services::Principal;

http::Response no_store(http::Response r) { return r.with_header("Cache-Control", "no-store"); }

http::Response account_response(const Accounts& accounts, const core::User& user) {
  json::object body{{"user", user_object(user)}, {"buyingNeedsConfirmedEmail", accounts.buyers_verify_email()}};
  return no_store(http::Response::json(200, json::serialize(body)));
}

json::object device_object(const services::Device& d) {
  return {{"id", d.id},
          {"browser", d.browser},
          {"address", d.address},
          {"signedInAt", core::format_utc(d.signed_in_at)},
          {"lastSeenAt", core::format_utc(d.last_seen_at)},
          {"current", d.current}};
}

Task<http::Response> show_account(Accounts& accounts, const Principal& p) {
  auto user = co_await accounts.account(p);
  if (!user) co_return error_response(user.error());
  co_return account_response(accounts, *user);
}

Task<http::Response> rename(Accounts& accounts, http::Request& req, const Principal& p) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto name = required_text(*body, "name", "the name tickets are made out to");
  if (!name) co_return error_response(name.error());
  auto user = co_await accounts.rename(p, std::move(*name));
  if (!user) co_return error_response(user.error());
  co_return account_response(accounts, *user);
}

Task<http::Response> change_password(Accounts& accounts, http::Request& req, const Principal& p) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto current = required_text(*body, "currentPassword", "your password now");
  if (!current) co_return error_response(current.error());
  auto next = required_text(*body, "newPassword", "the password you want");
  if (!next) co_return error_response(next.error());
  auto st = co_await accounts.change_password(p, std::move(*current), std::move(*next), req.remote_address);
  if (!st) co_return error_response(st.error());
  co_return no_store(http::Response::json(
      200, R"({"changed":true,"message":"Your password is changed. Every other device was signed out."})"));
}

Task<http::Response> change_email(Accounts& accounts, http::Request& req, const Principal& p) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto email = required_text(*body, "email", "the address you want to use");
  if (!email) co_return error_response(email.error());
  auto password = required_text(*body, "password", "your password, to show it is you");
  if (!password) co_return error_response(password.error());
  const auto address = *email;
  auto st = co_await accounts.change_email(p, std::move(*email), std::move(*password), req.remote_address);
  if (!st) co_return error_response(st.error());
  json::object answer{{"sent", true},
                      {"message", "We emailed a link to " + address +
                                      ". Your account moves to that address when you open it; until then it stays " +
                                      p.email + "."}};
  co_return no_store(http::Response::json(202, json::serialize(answer)));
}

Task<http::Response> resend_verification(Accounts& accounts, const Principal& p) {
  if (auto st = co_await accounts.resend_verification(p); !st) co_return error_response(st.error());
  json::object answer{{"sent", true}, {"message", "We emailed a new confirmation link to " + p.email + "."}};
  co_return no_store(http::Response::json(202, json::serialize(answer)));
}

Task<http::Response> verify_email(Accounts& accounts, http::Request& req) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto token = required_text(*body, "token", "the token from the emailed link");
  if (!token) co_return error_response(token.error());
  auto verified = co_await accounts.verify_email(std::move(*token));
  if (!verified) co_return error_response(verified.error());
  json::object answer{{"verified", true},
                      {"email", verified->user.email},
                      {"changed", verified->previous_email != verified->user.email}};
  co_return no_store(http::Response::json(200, json::serialize(answer)));
}

Task<http::Response> list_devices(Accounts& accounts, const Principal& p) {
  auto devices = co_await accounts.devices(p);
  if (!devices) co_return error_response(devices.error());
  json::array list;
  for (const auto& d : *devices) list.push_back(device_object(d));
  co_return no_store(http::Response::json(200, json::serialize(json::object{{"devices", std::move(list)}})));
}

// Everything kept about the caller, as a JSON file to keep.
Task<http::Response> export_data(services::PersonalData& data, const Principal& p) {
  auto kept = co_await data.export_for(p);
  if (!kept) co_return error_response(kept.error());
  json::array devices;
  for (const auto& d : kept->devices) devices.push_back(device_object(d));
  json::object body{{"exportedAt", core::format_utc(kept->exported_at)},
                    {"account", user_object(kept->user)},
                    {"devices", std::move(devices)}};
  for (const auto& [section, rows] : kept->sections) {
    boost::system::error_code ec;
    auto parsed = json::parse(rows, ec);
    if (ec) co_return error_response(core::internal("the export of " + section + " is not JSON"));
    body[section] = std::move(parsed);
  }
  co_return http::Response::download(json::serialize(body), "application/json",
                                     "ticketwar-data-" + std::to_string(p.user_id) + ".json", true)
      .with_header("Cache-Control", "no-store");
}

Task<http::Response> delete_account(services::PersonalData& data, http::Request& req, const Principal& p,
                                    bool secure_cookies) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto password = required_text(*body, "password", "your password, to confirm");
  if (!password) co_return error_response(password.error());
  if (auto st = co_await data.erase(p, std::move(*password), req.remote_address); !st) co_return error_response(st.error());
  co_return http::Response::json(200, R"({"deleted":true})")
      .with_header("Set-Cookie", expired_session_cookie(secure_cookies));
}

}  // namespace

void add_account_routes(http::Router& router, services::Accounts& accounts, services::PersonalData& data,
                        bool secure_cookies) {
  auto& a = accounts;
  router.add("GET", "/api/account/export",
             for_callers(a, kAnyRole, [&data](http::Request&, const Principal& p) { return export_data(data, p); }));
  router.add("DELETE", "/api/account",
             for_callers(a, kAnyRole, [&data, secure_cookies](http::Request& req, const Principal& p) {
               return delete_account(data, req, p, secure_cookies);
             }));
  router.add("GET", "/api/account",
             for_callers(a, kAnyRole, [&a](http::Request&, const Principal& p) { return show_account(a, p); }));
  router.add("PATCH", "/api/account",
             for_callers(a, kAnyRole, [&a](http::Request& req, const Principal& p) { return rename(a, req, p); }));
  router.add("POST", "/api/account/password", for_callers(a, kAnyRole, [&a](http::Request& req, const Principal& p) {
               return change_password(a, req, p);
             }));
  router.add("POST", "/api/account/email", for_callers(a, kAnyRole, [&a](http::Request& req, const Principal& p) {
               return change_email(a, req, p);
             }));
  router.add("POST", "/api/account/email/verification",
             for_callers(a, kAnyRole, [&a](http::Request&, const Principal& p) { return resend_verification(a, p); }));
  router.add("POST", "/api/auth/verify-email", [&a](http::Request& req) { return verify_email(a, req); });
  router.add("GET", "/api/account/devices",
             for_callers(a, kAnyRole, [&a](http::Request&, const Principal& p) { return list_devices(a, p); }));
  router.add("DELETE", "/api/account/devices/{id}",
             for_callers(a, kAnyRole, [&a, secure_cookies](http::Request& req, const Principal& p) -> Task<http::Response> {
               const std::string id(req.param("id"));
               auto st = co_await a.sign_out_device(p, id);
               if (!st) co_return error_response(st.error());
               auto r = http::Response::json(200, R"({"signedOut":true})");
               // Signing out this very device ends the browser's session as the sign-out button does.
               if (p.token_hash.starts_with(id)) r.with_header("Set-Cookie", expired_session_cookie(secure_cookies));
               co_return r;
             }));
  router.add("POST", "/api/account/sign-out-everywhere",
             for_callers(a, kAnyRole, [&a, secure_cookies](http::Request&, const Principal& p) -> Task<http::Response> {
               if (auto st = co_await a.sign_out_everywhere(p); !st) co_return error_response(st.error());
               co_return http::Response::json(200, R"({"signedOut":true})")
                   .with_header("Set-Cookie", expired_session_cookie(secure_cookies));
             }));
}

}  // namespace tw::api
