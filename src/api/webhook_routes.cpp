// Webhooks, for admins: register integrators' endpoints, change and remove them, see each one's
// deliveries and their attempts, replay a delivery (webhooks/webhooks.h).
#include <boost/json.hpp>

#include "api/context.h"
#include "api/error_response.h"
#include "api/json_body.h"
#include "api/query_params.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "core/iso_time.h"
#include "webhooks/webhooks.h"

namespace tw::api {
namespace json = boost::json;
namespace {

json::object webhook_json(const core::WebhookRecord& w) {
  json::array types;
  for (const auto& t : w.types) types.emplace_back(t);
  return {{"id", w.id},         {"url", w.url},       {"secret", w.secret},
          {"types", std::move(types)}, {"active", w.active}, {"createdAt", core::format_utc_ms(w.created_at_ms)},
          {"updatedAt", core::format_utc_ms(w.updated_at_ms)}};
}

json::object delivery_json(const core::DeliveryRecord& d) {
  json::object o{{"id", d.id},
                 {"webhookId", d.webhook_id},
                 {"sequence", d.sequence},
                 {"eventId", d.event_id},
                 {"type", d.type},
                 {"state", core::state_name(d.state)},
                 {"attempts", d.attempts},
                 {"createdAt", core::format_utc_ms(d.created_at_ms)},
                 {"updatedAt", core::format_utc_ms(d.updated_at_ms)}};
  o["lastStatus"] = d.last_status ? json::value(d.last_status) : json::value(nullptr);
  o["lastError"] = d.last_error.empty() ? json::value(nullptr) : json::value(d.last_error);
  o["nextAttemptAt"] =
      d.state == core::DeliveryState::kPending ? json::value(core::format_utc_ms(d.next_attempt_ms)) : json::value(nullptr);
  return o;
}

core::Result<webhooks::WebhookDraft> read_draft(const http::Request& req) {
  auto body = json_object_body(req);
  if (!body) return body.error();
  webhooks::WebhookDraft d;
  auto url = string_field(*body, "url");
  auto secret = string_field(*body, "secret");
  auto active = bool_field(*body, "active");
  if (!url) return url.error();
  if (!secret) return secret.error();
  if (!active) return active.error();
  d.url = *url, d.secret = *secret, d.active = *active;
  if (const auto* types = body->if_contains("types"); types && !types->is_null()) {
    if (!types->is_array()) return core::invalid("invalid_field", "types must be a list of event types");
    std::vector<std::string> list;
    for (const auto& t : types->as_array()) {
      if (!t.is_string()) return core::invalid("invalid_field", "types must be a list of event types");
      list.emplace_back(t.as_string());
    }
    d.types = std::move(list);
  }
  return d;
}

template <class T, class ToJson>
http::Response answer(int status, const core::Result<T>& r, ToJson to_json) {
  if (!r) return error_response(r.error());
  return http::Response::json(status, json::serialize(to_json(*r)));
}

Task<http::Response> create(webhooks::Webhooks& hooks, http::Request& req) {
  auto draft = read_draft(req);
  if (!draft) co_return error_response(draft.error());
  if (!draft->url) co_return error_response(missing_field("url"));
  if (!draft->types) co_return error_response(missing_field("types"));
  co_return answer(201, co_await hooks.create(std::move(*draft)), webhook_json);
}

Task<http::Response> update(webhooks::Webhooks& hooks, http::Request& req) {
  auto draft = read_draft(req);
  if (!draft) co_return error_response(draft.error());
  co_return answer(200, co_await hooks.update(std::string(req.param("id")), std::move(*draft)), webhook_json);
}

Task<http::Response> list(webhooks::Webhooks& hooks) {
  co_return answer(200, co_await hooks.list(), [](const std::vector<core::WebhookRecord>& all) {
    json::array items;
    for (const auto& w : all) items.push_back(webhook_json(w));
    return json::object{{"webhooks", std::move(items)}};
  });
}

Task<http::Response> deliveries(webhooks::Webhooks& hooks, http::Request& req) {
  auto limit = int_param(req, "limit", 1, 200, 50);
  if (!limit) co_return error_response(limit.error());
  co_return answer(200, co_await hooks.deliveries(std::string(req.param("id")), *limit),
                   [](const std::vector<core::DeliveryRecord>& all) {
                     json::array items;
                     for (const auto& d : all) items.push_back(delivery_json(d));
                     return json::object{{"deliveries", std::move(items)}};
                   });
}

Task<http::Response> delivery(webhooks::Webhooks& hooks, http::Request& req) {
  co_return answer(200, co_await hooks.delivery(std::string(req.param("id"))), [](const webhooks::DeliveryDetail& d) {
    auto o = delivery_json(d.delivery);
    json::array attempts;
    for (const auto& a : d.attempts) {
      json::object x{{"attempt", a.attempt}, {"at", core::format_utc_ms(a.at_ms)}};
      x["status"] = a.status ? json::value(a.status) : json::value(nullptr);
      x["error"] = a.error.empty() ? json::value(nullptr) : json::value(a.error);
      attempts.push_back(std::move(x));
    }
    o["attemptLog"] = std::move(attempts);
    return o;
  });
}

}  // namespace

void add_webhook_routes(http::Router& router, services::Accounts& accounts, webhooks::Webhooks& hooks) {
  auto admin = [&accounts](auto f) { return for_callers(accounts, kAdminOnly, std::move(f)); };
  router.add("POST", "/api/admin/webhooks",
             admin([&hooks](http::Request& req, const services::Principal&) { return create(hooks, req); }));
  router.add("GET", "/api/admin/webhooks",
             admin([&hooks](http::Request&, const services::Principal&) { return list(hooks); }));
  router.add("PATCH", "/api/admin/webhooks/{id}",
             admin([&hooks](http::Request& req, const services::Principal&) { return update(hooks, req); }));
  router.add("DELETE", "/api/admin/webhooks/{id}",
             admin([&hooks](http::Request& req, const services::Principal&) -> Task<http::Response> {
               if (auto st = co_await hooks.remove(std::string(req.param("id"))); !st) {
                 co_return error_response(st.error());
               }
               co_return http::Response::json(200, R"({"deleted":true})");
             }));
  router.add("GET", "/api/admin/webhooks/{id}/deliveries",
             admin([&hooks](http::Request& req, const services::Principal&) { return deliveries(hooks, req); }));
  router.add("GET", "/api/admin/webhook-deliveries/{id}",
             admin([&hooks](http::Request& req, const services::Principal&) { return delivery(hooks, req); }));
  router.add("POST", "/api/admin/webhook-deliveries/{id}/replay",
             admin([&hooks](http::Request& req, const services::Principal&) -> Task<http::Response> {
               co_return answer(200, co_await hooks.replay(std::string(req.param("id"))), delivery_json);
             }));
}

}  // namespace tw::api
