#include "api/error_response.h"
#include "api/routes.h"
#include "store/store.h"

namespace tw::api {

void add_health_routes(http::Router& router, store::Store& store) {
  // Liveness: the process answers. Deliberately touches nothing else.
  router.add("GET", "/api/health", [](http::Request&) -> Task<http::Response> {
    co_return http::Response::json(200, R"({"status":"ok"})");
  });
  // Readiness: the database answers too.
  router.add("GET", "/api/ready", [&store](http::Request&) -> Task<http::Response> {
    auto st = co_await store.ping();
    if (!st) co_return error_response(st.error());
    co_return http::Response::json(200, R"({"status":"ready"})");
  });
}

}  // namespace tw::api
