// Gate endpoints for staff and admins: the public keys and the ticket list a gate needs to work
// offline, one scan, and the upload of offline scans.
#include <boost/json.hpp>

#include "api/context.h"
#include "api/error_response.h"
#include "api/json_body.h"
#include "api/request_bodies.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "core/encoding.h"
#include "core/iso_time.h"
#include "services/check_in.h"
#include "services/ticket_desk.h"
#include "services/ticket_keys.h"
#include "tickets/ticket_code.h"

namespace tw::api {
namespace {

namespace json = boost::json;
constexpr std::size_t kMaxGateName = 64;

json::object ticket_brief(const core::TicketRecord& t) {
  json::object o{{"id", t.id},
                 {"eventId", t.event_id},
                 {"seatId", t.seat_id},
                 {"status", core::state_name(t.status)},
                 {"codeIssuedAtMs", t.code_issued_ms}};
  if (t.checked_in_at_ms) {
    o["checkedInAt"] = core::format_utc_ms(t.checked_in_at_ms);
    o["checkedInAtMs"] = t.checked_in_at_ms;
    o["gate"] = t.checked_in_gate;
  }
  return o;
}

json::object scan_json(const services::ScanResult& r) {
  json::object o{{"result", services::verdict_name(r.verdict)}};
  if (!r.reason.empty()) o["reason"] = r.reason;
  if (r.ticket) o["ticket"] = ticket_brief(*r.ticket);
  if (!r.holder.empty()) o["holder"] = r.holder;
  return o;
}

// {"gate": "North 3", "event": "slug"?}: the gate's name, and the event id it admits (0: any).
struct GateRequest {
  std::string gate;
  std::int64_t event_id = 0;
};

Task<core::Result<GateRequest>> read_gate(const CheckInServices& ctx, const json::object& body) {
  auto gate = string_field(body, "gate");
  if (!gate) co_return gate.error();
  if (!*gate || (*gate)->empty() || (*gate)->size() > kMaxGateName) {
    co_return core::invalid("invalid_field", "gate must name the gate, 1 to 64 characters");
  }
  auto slug = string_field(body, "event");
  if (!slug) co_return slug.error();
  GateRequest g{std::move(**gate), 0};
  if (*slug) {
    auto event = co_await ctx.catalog.find_cached(std::move(**slug));
    if (!event) co_return event.error();
    g.event_id = event->listing.event.id;
  }
  co_return g;
}

Task<http::Response> scan(const CheckInServices& ctx, http::Request& req) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto code = string_field(*body, "code");
  if (!code) co_return error_response(code.error());
  if (!*code)
    co_return error_response(
        core::invalid("missing_field", "code is required: the text of the ticket's QR code"));
  auto gate = co_await read_gate(ctx, *body);
  if (!gate) co_return error_response(gate.error());
  auto r = co_await ctx.check_in.scan(std::move(**code), gate->gate, gate->event_id);
  if (!r) co_return error_response(r.error());
  co_return http::Response::json(200, json::serialize(scan_json(*r)));
}

Task<http::Response> sync(const CheckInServices& ctx, http::Request& req) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto gate = co_await read_gate(ctx, *body);
  if (!gate) co_return error_response(gate.error());
  auto scans = read_scans(*body);
  if (!scans) co_return error_response(scans.error());
  auto results = co_await ctx.check_in.sync(std::move(*scans), gate->gate, gate->event_id);
  if (!results) co_return error_response(results.error());
  json::array out;
  for (const auto& r : *results) {
    auto o = scan_json(r.scan);
    o["conflict"] = r.conflict;
    out.push_back(std::move(o));
  }
  co_return http::Response::json(200, json::serialize(json::object{{"results", std::move(out)}}));
}

Task<http::Response> checkin_list(const CheckInServices& ctx, http::Request& req) {
  auto event = co_await ctx.catalog.find_cached(std::string(req.param("slug")));
  if (!event) co_return error_response(event.error());
  const auto& e = event->listing.event;
  auto tickets = co_await ctx.tickets.tickets_of_event(e.id);
  if (!tickets) co_return error_response(tickets.error());
  json::array list;
  for (const auto& t : *tickets) {
    if (t.status != core::TicketStatus::kCancelled) list.push_back(ticket_brief(t));
  }
  json::object o{{"event", {{"id", e.id}, {"slug", e.slug}, {"name", e.name}}},
                 {"generatedAt", core::format_utc(ctx.clock.now_seconds())},
                 {"tickets", std::move(list)}};
  co_return http::Response::json(200, json::serialize(o)).with_header("Cache-Control", "no-store");
}

Task<http::Response> checkin_key(const CheckInServices& ctx, http::Request& req) {
  auto event = co_await ctx.catalog.find_cached(std::string(req.param("slug")));
  if (!event) co_return error_response(event.error());
  json::array keys;
  for (const auto& k : ctx.ticket_keys.public_keys()) {
    keys.push_back({{"keyId", k.id}, {"publicKey", core::base64url(k.public_key)}});
  }
  json::object o{{"algorithm", "Ed25519"},
                 {"codeFormat", "TW1"},
                 {"signingKeyId", ctx.ticket_keys.signing_key_id()},
                 {"keys", std::move(keys)}};
  co_return http::Response::json(200, json::serialize(o));
}

}  // namespace

void add_checkin_routes(http::Router& router, CheckInServices ctx) {
  const auto staff = [ctx](auto f) {
    return for_callers(ctx.accounts, kStaffOrAdmin,
                       [ctx, f](http::Request& req, const services::Principal&) { return f(ctx, req); });
  };
  router.add("GET", "/api/events/{slug}/checkin-key", staff(checkin_key));
  router.add("GET", "/api/events/{slug}/checkin-list", staff(checkin_list));
  router.add("POST", "/api/checkin", staff(scan));
  router.add("POST", "/api/checkin/sync", staff(sync));
}

}  // namespace tw::api
