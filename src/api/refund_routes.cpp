// Refunds, for admins: every refund TicketWar has made or tried (a failed one says why and when
// it is tried again), and a retry button.
#include "api/booking_json.h"
#include "api/context.h"
#include "api/error_response.h"
#include "api/query_params.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "services/payments.h"

namespace tw::api {
namespace {

Task<http::Response> list_refunds(services::Payments& payments, http::Request& req) {
  auto state = text_param(req, "state", 20);
  auto limit = int_param(req, "limit", 1, 500, 100);
  if (!state) co_return error_response(state.error());
  if (!limit) co_return error_response(limit.error());
  core::RefundQuery q;
  q.limit = *limit;
  if (!state->empty()) {
    q.state = core::parse_refund_state(*state);
    if (!q.state) co_return error_response(bad_parameter("state", "must be pending, succeeded or failed"));
  }
  auto refunds = co_await payments.refunds(q);
  if (!refunds) co_return error_response(refunds.error());
  co_return http::Response::json(200, refunds_json(*refunds));
}

}  // namespace

void add_refund_routes(http::Router& router, services::Accounts& accounts, services::Payments& payments) {
  router.add("GET", "/api/admin/refunds",
             for_callers(accounts, kAdminOnly, [&payments](http::Request& req, const services::Principal&) {
               return list_refunds(payments, req);
             }));
  router.add("POST", "/api/admin/refunds/{id}/retry",
             for_callers(accounts, kAdminOnly,
                         [&payments](http::Request& req, const services::Principal&) -> Task<http::Response> {
                           auto refund = co_await payments.retry_refund(std::string(req.param("id")));
                           if (!refund) co_return error_response(refund.error());
                           co_return http::Response::json(200, refund_json(*refund));
                         }));
}

}  // namespace tw::api
