#include "api/error_response.h"
#include "api/routes.h"

namespace tw::api {

void add_health_routes(http::Router& router, ReadinessCheck ready) {
  // Liveness: the process answers. Deliberately touches nothing else.
  router.add("GET", "/api/health", [](http::Request&) -> Task<http::Response> {
    co_return http::Response::json(200, R"({"status":"ok"})");
  });
  // Readiness: the database answers too.
  router.add("GET", "/api/ready", [ready = std::move(ready)](http::Request&) -> Task<http::Response> {
    auto st = co_await ready();
    if (!st) co_return error_response(st.error());
    co_return http::Response::json(200, R"({"status":"ready"})");
  });
}

}  // namespace tw::api
