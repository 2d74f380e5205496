// Presale and access codes (services/access_codes.h). Admins make codes for an event (one they
// choose, or a batch of generated ones with shared rules), list them with their use, export them
// as CSV and revoke them; a signed-in fan redeems one for their account and reads it back.
#include <algorithm>
#include <boost/json.hpp>

#include "api/csv.h"
#include "api/error_response.h"
#include "api/json_body.h"
#include "api/query_params.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "core/iso_time.h"
#include "services/access_codes.h"

namespace tw::api {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxNamedParts = 200;  // tiers or sections one batch may name

json::value time_or_null(std::int64_t ms) { return ms ? json::value(core::format_utc_ms(ms)) : json::value(nullptr); }

json::array texts(const std::vector<std::string>& v) {
  json::array out;
  for (const auto& s : v) out.emplace_back(s);
  return out;
}

json::object rules_json(const core::CodeRules& r) {
  return json::object{{"label", r.label},
                      {"maxUses", r.max_uses},
                      {"validFrom", time_or_null(r.valid_from_ms)},
                      {"validUntil", time_or_null(r.valid_until_ms)},
                      {"tiers", texts(r.tiers)},
                      {"sections", texts(r.sections)},
                      {"unlocks", core::unlocked_words(r)},
                      {"allotment", r.allotment}};
}

json::object code_json(const core::CodeListing& c) {
  return json::object{{"id", c.code.id},
                      {"code", core::printed_code(c.code.code)},
                      {"uses", c.uses},
                      {"held", c.held},
                      {"seatsSold", c.seats_sold},
                      {"redemptions", c.redemptions},
                      {"revokedAt", time_or_null(c.code.revoked_at_ms)}};
}

json::object batch_json(const services::CodeBatchView& b) {
  auto o = rules_json(b.batch.rules);
  o["batchId"] = b.batch.id;
  o["createdAt"] = core::format_utc_ms(b.batch.created_at_ms);
  o["byUserId"] = b.batch.by_user_id;
  int uses = 0, seats = 0, revoked = 0;
  json::array codes;
  for (const auto& c : b.codes) {
    uses += c.uses, seats += c.seats_sold, revoked += c.code.revoked_at_ms != 0;
    codes.push_back(code_json(c));
  }
  o["codeCount"] = b.codes.size();
  o["revokedCount"] = revoked;
  o["uses"] = uses;
  o["seatsSold"] = seats;
  o["codes"] = std::move(codes);
  return o;
}

std::string event_codes_json(const services::EventCodes& e) {
  const auto& ev = e.event.listing.event;
  json::array batches;
  for (const auto& b : e.batches) batches.push_back(batch_json(b));
  const auto time = [](const std::optional<core::ZonedTime>& t) {
    return t ? json::value(core::format_iso8601(*t)) : json::value(nullptr);
  };
  return json::serialize(json::object{{"eventId", ev.id},
                                      {"presaleAt", time(ev.presale_at)},
                                      {"onSaleAt", time(ev.on_sale_at)},
                                      {"batches", std::move(batches)}});
}

std::string codes_csv(const services::EventCodes& e) {
  std::string out = csv_line({"batch", "label", "code", "max_uses", "uses", "held_now", "seats_sold", "redemptions",
                              "status", "valid_from", "valid_until", "unlocks", "allotment"});
  for (const auto& b : e.batches) {
    const auto& r = b.batch.rules;
    const auto valid_from = r.valid_from_ms ? core::format_utc_ms(r.valid_from_ms) : "";
    const auto valid_until = r.valid_until_ms ? core::format_utc_ms(r.valid_until_ms) : "";
    for (const auto& c : b.codes) {
      out += csv_line({b.batch.id, r.label, core::printed_code(c.code.code), std::to_string(r.max_uses),
                       std::to_string(c.uses), std::to_string(c.held), std::to_string(c.seats_sold),
                       std::to_string(c.redemptions), c.code.revoked_at_ms ? "revoked" : "active", valid_from,
                       valid_until, core::unlocked_words(r), std::to_string(r.allotment)});
    }
  }
  return out;
}

// A list of short ids ("tiers", "sections"); absent or null: none.
core::Status read_names(const json::object& body, const char* key, std::vector<std::string>& out) {
  const auto* v = body.if_contains(key);
  if (!v || v->is_null()) return core::Ok{};
  const auto bad = core::invalid("invalid_field", std::string(key) + " must be a list of ids like \"vip\"");
  if (!v->is_array() || v->get_array().size() > kMaxNamedParts) return bad;
  for (const auto& s : v->get_array()) {
    if (!s.is_string() || s.get_string().empty() || s.get_string().size() > 40) return bad;
    out.emplace_back(s.get_string());
  }
  return core::Ok{};
}

core::Status read_time_ms(const json::object& body, const char* key, std::int64_t& out) {
  auto text = string_field(body, key);
  if (!text) return text.error();
  if (!*text) return core::Ok{};
  auto t = core::parse_iso8601(**text);
  if (!t) return core::invalid("invalid_codes", std::string(key) + " must be a time like 2027-05-01T10:00:00+01:00");
  out = t->utc_seconds * 1000;
  return core::Ok{};
}

// {"code" | "count", "label", "maxUses", "validFrom", "validUntil", "tiers", "sections", "allotment"}
core::Result<services::CodeRequest> read_code_request(const json::object& body) {
  services::CodeRequest out;
  auto& r = out.rules;
  auto code = string_field(body, "code");
  auto label = string_field(body, "label");
  auto count = int_field(body, "count");
  auto uses = int_field(body, "maxUses");
  auto allotment = int_field(body, "allotment");
  for (const auto* f : {&code, &label}) {
    if (!*f) return f->error();
  }
  for (const auto* f : {&count, &uses, &allotment}) {
    if (!*f) return f->error();
  }
  if (*code && *count) return core::invalid("invalid_codes", "Give either a code or a count of codes to make, not both");
  out.code = code->value_or("");
  r.label = label->value_or("");
  const auto clamp = [](std::int64_t v) { return static_cast<int>(std::clamp<std::int64_t>(v, -1, 1'000'000)); };
  out.count = clamp(count->value_or(1));
  r.max_uses = clamp(uses->value_or(1));
  r.allotment = clamp(allotment->value_or(0));
  for (auto st : {read_time_ms(body, "validFrom", r.valid_from_ms), read_time_ms(body, "validUntil", r.valid_until_ms),
                  read_names(body, "tiers", r.tiers), read_names(body, "sections", r.sections)}) {
    if (!st) return st.error();
  }
  return out;
}

Task<http::Response> create_codes(services::AccessCodes& codes, http::Request& req, const services::Principal& admin) {
  const auto id = path_id(req, "id");
  if (!id) co_return no_such_event();
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto request = read_code_request(*body);
  if (!request) co_return error_response(request.error());
  auto made = co_await codes.create(*id, std::move(request).value(), admin.user_id);
  if (!made) co_return error_response(made.error());
  co_return http::Response::json(201, json::serialize(batch_json(*made)));
}

Task<http::Response> list_codes(services::AccessCodes& codes, http::Request& req, bool as_csv) {
  const auto id = path_id(req, "id");
  if (!id) co_return no_such_event();
  auto found = co_await codes.codes_of(*id);
  if (!found) co_return error_response(found.error());
  if (!as_csv) co_return http::Response::json(200, event_codes_json(*found)).with_header("Cache-Control", "no-store");
  http::Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = codes_csv(*found);
  co_return r.with_header("Cache-Control", "no-store")
      .with_header("Content-Disposition",
                   "attachment; filename=\"" + found->event.listing.event.slug + "-codes.csv\"");
}

std::string revoked_json(int revoked) { return json::serialize(json::object{{"revoked", revoked}}); }

// What a fan's redeemed code unlocks, and when it may be used.
std::string redeemed_json(const services::RedeemedCode& c) {
  auto o = rules_json(c.batch.rules);
  o.erase("label");  // the organiser's name for the batch is theirs
  o.erase("maxUses");
  o.erase("allotment");
  o["code"] = core::printed_code(c.code.code);
  o["revoked"] = c.code.revoked_at_ms != 0;
  return json::serialize(o);
}

Task<http::Response> redeem_code(services::AccessCodes& codes, http::Request& req, const services::Principal& fan) {
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto typed = required_text(*body, "code", "the presale code you were given");
  if (!typed) co_return error_response(typed.error());
  if (typed->size() > 100) co_return error_response(core::invalid("invalid_field", "code is at most 100 characters"));
  auto redeemed = co_await codes.redeem(fan.user_id, std::string(req.param("slug")), std::move(typed).value(),
                                        req.remote_address);
  if (!redeemed) co_return error_response(redeemed.error());
  co_return http::Response::json(200, redeemed_json(*redeemed));
}

}  // namespace

void add_access_code_routes(http::Router& router, services::Accounts& accounts, services::Catalog& catalog,
                            services::AccessCodes& codes) {
  router.add("POST", "/api/admin/events/{id}/codes",
             for_callers(accounts, kAdminOnly, [&codes](http::Request& req, const services::Principal& p) {
               return create_codes(codes, req, p);
             }));
  router.add("GET", "/api/admin/events/{id}/codes",
             for_callers(accounts, kAdminOnly, [&codes](http::Request& req, const services::Principal&) {
               return list_codes(codes, req, false);
             }));
  router.add("GET", "/api/admin/events/{id}/codes.csv",
             for_callers(accounts, kAdminOnly, [&codes](http::Request& req, const services::Principal&) {
               return list_codes(codes, req, true);
             }));
  router.add("DELETE", "/api/admin/codes/{codeId}",
             for_callers(accounts, kAdminOnly,
                         [&codes](http::Request& req, const services::Principal& p) -> Task<http::Response> {
                           auto revoked = co_await codes.revoke(std::string(req.param("codeId")), p.user_id);
                           if (!revoked) co_return error_response(revoked.error());
                           co_return http::Response::json(200, revoked_json(*revoked));
                         }));
  router.add("DELETE", "/api/admin/events/{id}/code-batches/{batchId}",
             for_callers(accounts, kAdminOnly,
                         [&codes](http::Request& req, const services::Principal& p) -> Task<http::Response> {
                           const auto id = path_id(req, "id");
                           if (!id) co_return no_such_event();
                           auto revoked = co_await codes.revoke_batch(*id, std::string(req.param("batchId")), p.user_id);
                           if (!revoked) co_return error_response(revoked.error());
                           co_return http::Response::json(200, revoked_json(*revoked));
                         }));
  router.add("POST", "/api/events/{slug}/codes",
             for_callers(accounts, kAnyRole, [&codes](http::Request& req, const services::Principal& p) {
               return redeem_code(codes, req, p);
             }));
  router.add("GET", "/api/events/{slug}/codes",
             for_callers(accounts, kAnyRole,
                         [&codes, &catalog](http::Request& req, const services::Principal& p) -> Task<http::Response> {
                           auto event = co_await catalog.find_cached(std::string(req.param("slug")));
                           if (!event) co_return error_response(event.error());
                           auto mine = co_await codes.redeemed(p.user_id, event->listing.event.id);
                           if (!mine) co_return error_response(mine.error());
                           std::string body = *mine ? redeemed_json(**mine) : "{\"code\":null}";
                           co_return http::Response::json(200, std::move(body)).with_header("Cache-Control", "no-store");
                         }));
}

}  // namespace tw::api
