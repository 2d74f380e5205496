#include "api/request_auth.h"

namespace tw::api {
namespace {

bool is_safe_method(std::string_view m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool origin_matches_host(const http::Request& req) {
  const auto origin = req.header("origin");
  const auto host = req.header("host");
  if (!origin || !host) return false;
  const std::string h(*host);
  return *origin == "http://" + h || *origin == "https://" + h;
}

}  // namespace

std::optional<std::string> cookie_value(const http::Request& req, std::string_view name) {
  for (const auto& [k, v] : req.headers) {
    if (k != "cookie") continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      const auto pair = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      const auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    }
  }
  return std::nullopt;
}

Task<core::Result<Caller>> authenticate(const http::Request& req, services::Accounts& accounts, bool fresh) {
  std::optional<std::string> token;
  bool via_cookie = false;
  if (const auto auth = req.header("authorization"); auth && auth->starts_with("Bearer ")) {
    token = std::string(trim(auth->substr(7)));
  } else if ((token = cookie_value(req, kSessionCookie))) {
    via_cookie = true;
  }
  if (!token) co_return services::not_signed_in();
  auto principal = co_await accounts.authenticate(std::move(*token), fresh);
  if (!principal) co_return principal.error();
  if (via_cookie && !is_safe_method(req.method) && !origin_matches_host(req) &&
      req.header("x-csrf-token") != std::optional<std::string_view>(principal->csrf_token)) {
    co_return core::Error{core::ErrorKind::kForbidden, "csrf_failed",
                          "This request did not come from a TicketWar page; reload and try again"};
  }
  co_return Caller{std::move(principal).value(), via_cookie};
}

Task<core::Result<Caller>> authorize(const http::Request& req, services::Accounts& accounts, Roles roles) {
  // Rights beyond a fan's are read from the store every time: an admin demoted or disabled a
  // moment ago, on any server, has none left.
  auto caller = co_await authenticate(req, accounts, roles != kAnyRole);
  if (!caller) co_return caller;
  if ((roles & role_bit(caller->principal.role)) == 0) {
    co_return core::Error{core::ErrorKind::kForbidden, "forbidden", "Your account is not allowed to do this"};
  }
  co_return caller;
}

std::string session_cookie(const std::string& token, std::int64_t max_age_seconds, bool secure) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
         std::to_string(max_age_seconds) + (secure ? "; Secure" : "");
}

std::string expired_session_cookie(bool secure) { return session_cookie("", 0, secure); }

std::string device_cookie(const std::string& token, bool secure) {
  return std::string(kDeviceCookie) + "=" + token + "; Path=/api/auth; HttpOnly; SameSite=Lax; Max-Age=31536000" +
         (secure ? "; Secure" : "");
}

}  // namespace tw::api
