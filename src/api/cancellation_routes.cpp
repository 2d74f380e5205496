// Cancelling a show, for admins: start it (every ticket cancelled and refunded, every buyer and
// holder emailed once, by a job that survives restarts) and follow its progress.
#include <boost/json.hpp>

#include "api/error_response.h"
#include "api/json_body.h"
#include "api/query_params.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "api/catalog_json.h"
#include "core/iso_time.h"
#include "services/show_cancellations.h"

namespace tw::api {
namespace json = boost::json;
namespace {

std::string status_json(const services::CancellationStatus& s) {
  const auto& p = s.progress;
  json::object o{{"eventId", s.event_id},
                 {"cancelledAt", core::format_utc(s.cancelled_at)},
                 {"reason", s.reason},
                 {"state", services::state_name(s.state)},
                 {"ticketsLeft", p.tickets_left},
                 {"ticketsCancelled", p.tickets_cancelled},
                 {"refunds", json::object{{"succeeded", p.refunds_succeeded},
                                          {"pending", p.refunds_pending},
                                          {"failed", p.refunds_failed}}},
                 {"refundedCents", p.refunded},
                 {"toRefundCents", p.to_refund},
                 {"peopleTold", p.people_told}};
  put_currency(o, s.currency);
  return json::serialize(o);
}

Task<http::Response> cancel_show(services::ShowCancellations& cancellations, http::Request& req,
                                 const services::Principal& admin) {
  const auto id = path_id(req, "id");
  if (!id) co_return no_such_event();
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto reason = required_text(*body, "reason", "why the show is cancelled, as buyers will read it");
  if (!reason) co_return error_response(reason.error());
  auto status = co_await cancellations.cancel(*id, std::move(*reason), admin.user_id);
  if (!status) co_return error_response(status.error());
  co_return http::Response::json(202, status_json(*status));
}

}  // namespace

void add_cancellation_routes(http::Router& router, services::Accounts& accounts,
                             services::ShowCancellations& cancellations) {
  router.add("POST", "/api/admin/events/{id}/cancel",
             for_callers(accounts, kAdminOnly, [&cancellations](http::Request& req, const services::Principal& p) {
               return cancel_show(cancellations, req, p);
             }));
  router.add("GET", "/api/admin/events/{id}/cancellation",
             for_callers(accounts, kAdminOnly,
                         [&cancellations](http::Request& req, const services::Principal&) -> Task<http::Response> {
                           const auto id = path_id(req, "id");
                           if (!id) co_return no_such_event();
                           auto status = co_await cancellations.status(*id);
                           if (!status) co_return error_response(status.error());
                           co_return http::Response::json(200, status_json(*status));
                         }));
}

}  // namespace tw::api
