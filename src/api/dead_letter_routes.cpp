// Dead letters, for admins: the events a consumer kept failing on and set aside so it could go
// on (events/dispatcher.h), each with its error; retry hands one to its consumer again, dismiss
// closes it.
#include <boost/json.hpp>

#include "api/error_response.h"
#include "api/query_params.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "core/iso_time.h"
#include "events/dispatcher.h"

namespace tw::api {
namespace json = boost::json;
namespace {

json::object letter_json(const core::DeadLetter& d) {
  boost::system::error_code ec;
  auto payload = json::parse(d.payload, ec);
  return json::object{{"id", d.id},
                      {"consumer", d.consumer},
                      {"sequence", d.sequence},
                      {"eventId", d.event_id},
                      {"type", d.type},
                      {"payload", ec ? json::value(d.payload) : std::move(payload)},
                      {"lastError", d.last_error},
                      {"attempts", d.attempts},
                      {"state", core::state_name(d.state)},
                      {"createdAt", core::format_utc_ms(d.created_at_ms)},
                      {"updatedAt", core::format_utc_ms(d.updated_at_ms)}};
}

Task<http::Response> list(events::Dispatcher& dispatcher, http::Request& req) {
  auto state = text_param(req, "state", 20);
  auto consumer = text_param(req, "consumer", 64);
  auto limit = int_param(req, "limit", 1, 500, 100);
  if (!state) co_return error_response(state.error());
  if (!consumer) co_return error_response(consumer.error());
  if (!limit) co_return error_response(limit.error());
  core::DeadLetterQuery q;
  q.consumer = *consumer;
  q.limit = *limit;
  if (!state->empty()) {
    q.state = core::parse_dead_letter_state(*state);
    if (!q.state) co_return error_response(bad_parameter("state", "must be open, resolved or dismissed"));
  }
  auto letters = co_await dispatcher.dead_letters(std::move(q));
  if (!letters) co_return error_response(letters.error());
  json::array items;
  for (const auto& d : *letters) items.push_back(letter_json(d));
  co_return http::Response::json(200, json::serialize(json::object{{"deadLetters", std::move(items)}}));
}

// POST …/{id}/retry and …/{id}/dismiss: the letter as it is afterwards.
template <class Act>
Task<http::Response> act_on(http::Request& req, Act act) {
  const auto id = path_id(req, "id");
  if (!id) co_return http::Response::error(404, "dead_letter_not_found", "No such dead letter");
  auto letter = co_await act(*id);
  if (!letter) co_return error_response(letter.error());
  co_return http::Response::json(200, json::serialize(letter_json(*letter)));
}

}  // namespace

void add_dead_letter_routes(http::Router& router, events::Dispatcher& dispatcher, services::Accounts& accounts) {
  router.add("GET", "/api/admin/dead-letters",
             for_callers(accounts, kAdminOnly,
                         [&dispatcher](http::Request& req, const services::Principal&) { return list(dispatcher, req); }));
  router.add("POST", "/api/admin/dead-letters/{id}/retry",
             for_callers(accounts, kAdminOnly, [&dispatcher](http::Request& req, const services::Principal&) {
               return act_on(req, [&dispatcher](std::int64_t id) { return dispatcher.retry_dead_letter(id); });
             }));
  router.add("POST", "/api/admin/dead-letters/{id}/dismiss",
             for_callers(accounts, kAdminOnly, [&dispatcher](http::Request& req, const services::Principal&) {
               return act_on(req, [&dispatcher](std::int64_t id) { return dispatcher.dismiss_dead_letter(id); });
             }));
}

}  // namespace tw::api
