#pragma once
// Who is calling, from the request: the session token comes from `Authorization: Bearer …`
// (API clients, load tests) or the `tw_session` cookie (the browser). Cookie-authenticated
// requests that change state must prove they come from our own pages: an Origin header equal
// to the Host they were sent to, or the session's CSRF token in `X-CSRF-Token`.
#include <optional>
#include <string>

#include "api/error_response.h"
#include "async/task.h"
#include "core/result.h"
#include "http/request.h"
#include "http/router.h"
#include "services/accounts.h"

namespace tw::api {

inline constexpr const char* kSessionCookie = "tw_session";
// The browser's device token (auth/sign_in_guard.h): sent to the sign-in endpoints only.
inline constexpr const char* kDeviceCookie = "tw_device";

struct Caller {
  services::Principal principal;
  bool via_cookie = false;
};

std::optional<std::string> cookie_value(const http::Request& req, std::string_view name);

// kUnauthorized when no valid session; kForbidden "csrf_failed" for a cookie-authenticated
// state-changing request without proof of origin. `fresh`: the session and role are read from
// the store, not the cache of verified sessions.
Task<core::Result<Caller>> authenticate(const http::Request& req, services::Accounts& accounts, bool fresh = false);
// Sets of roles, as bit masks (a plain value: safe to pass into coroutines).
using Roles = unsigned;
constexpr Roles role_bit(core::Role r) { return 1u << static_cast<unsigned>(r); }
inline constexpr Roles kAdminOnly = role_bit(core::Role::kAdmin);
inline constexpr Roles kStaffOrAdmin = role_bit(core::Role::kStaff) | role_bit(core::Role::kAdmin);

// As authenticate, then kForbidden "forbidden" unless the caller has one of the roles.
Task<core::Result<Caller>> authorize(const http::Request& req, services::Accounts& accounts, Roles roles);

inline constexpr Roles kAnyRole = ~0u;

// Wraps `f(req, const Principal&) -> Task<Response>` into a handler that runs it only for a
// signed-in caller with one of `roles`, and otherwise answers 401 / 403. The one gate every
// protected route goes through.
template <class F>
http::Handler for_callers(services::Accounts& accounts, Roles roles, F f) {
  return [&accounts, roles, f](http::Request& req) -> Task<http::Response> {
    auto caller = co_await authorize(req, accounts, roles);
    if (!caller) co_return error_response(caller.error());
    co_return co_await f(req, caller->principal);
  };
}

// Set-Cookie values that start and end a browser session.
std::string session_cookie(const std::string& token, std::int64_t max_age_seconds, bool secure);
std::string expired_session_cookie(bool secure);
// A year-long cookie with the device token, scoped to /api/auth.
std::string device_cookie(const std::string& token, bool secure);

}  // namespace tw::api
