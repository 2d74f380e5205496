#include "api/error_response.h"

#include "async/log.h"
#include "core/error_codes.h"

namespace tw::api {

int http_status(core::ErrorKind kind) {
  using K = core::ErrorKind;
  switch (kind) {
    case K::kInvalid: return 400;
    case K::kUnauthorized: return 401;
    case K::kForbidden: return 403;
    case K::kNotFound: return 404;
    case K::kConflict: return 409;
    case K::kUnprocessable: return 422;
    case K::kRateLimited: return 429;
    case K::kPaymentFailed: return 402;
    case K::kUnavailable: return 503;
    case K::kInternal: return 500;
  }
  return 500;
}

http::Response error_response(const core::Error& e) {
  if (e.kind == core::ErrorKind::kInternal) {
    log_problem("request failed", e);
    return http::Response::error(500, "internal", "Something went wrong on our side; please try again");
  }
  auto res = http::Response::error(e.code == core::codes::kUnsupportedMediaType ? 415 : http_status(e.kind), e.code, e.message);
  if (e.retry_after_seconds > 0) res.with_header("Retry-After", std::to_string(e.retry_after_seconds));
  return res;
}

http::Response no_such_event() { return http::Response::error(404, "event_not_found", "No such event"); }

}  // namespace tw::api
