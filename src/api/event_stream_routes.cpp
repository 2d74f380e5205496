// The event stream's read side, for admins: the audit trail (searchable, newest first, in pages),
// an event's sales per minute for the live chart, and how far each consumer of the log has got.
#include <boost/json.hpp>
#include <map>
#include <set>

#include "api/catalog_json.h"
#include "api/context.h"
#include "api/error_response.h"
#include "api/query_params.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "core/iso_time.h"
#include "events/audit_trail.h"
#include "events/dispatcher.h"
#include "events/event_codec.h"
#include "events/sales_figures.h"
#include "services/accounts.h"
#include "services/catalog.h"

namespace tw::api {
namespace json = boost::json;
namespace {

// A time filter: an ISO-8601 instant, or a date taken as its first second (`from`) or as up
// to its end (`to`, exclusive of the next day). 0 when absent.
core::Result<std::int64_t> time_filter(const http::Request& req, std::string_view name, bool end_of_day) {
  const auto raw = req.query_param(name);
  if (!raw) return 0;
  auto t = core::parse_time_bound(*raw, end_of_day);
  if (!t) return bad_parameter(name, "must be a date (2027-06-14) or an ISO-8601 time");
  return (*t + (end_of_day && raw->size() == 10 ? 1 : 0)) * 1000;
}

core::Result<core::AuditQuery> audit_query(const http::Request& req) {
  core::AuditQuery q;
  auto event = int64_param(req, "event", 1, 0);
  auto user = int64_param(req, "user", 1, 0);
  auto cursor = int64_param(req, "cursor", 1, 0);
  auto type = text_param(req, "type", 40);
  auto from = time_filter(req, "from", false);
  auto to = time_filter(req, "to", true);
  auto limit = int_param(req, "limit", 1, events::AuditTrail::kMaxPage, 50);
  if (!event) return event.error();
  if (!user) return user.error();
  if (!cursor) return cursor.error();
  if (!type) return type.error();
  if (!from) return from.error();
  if (!to) return to.error();
  if (!limit) return limit.error();
  if (!type->empty() && !events::known_event_type(*type)) {
    return bad_parameter("type", "is not an event type (the types are in docs/events.md)");
  }
  q.event_id = *event, q.user_id = *user, q.before_sequence = *cursor, q.type = *type;
  q.from_ms = *from, q.to_ms = *to, q.limit = *limit;
  return q;
}

// The account that acted: an admin's (or an operator's, 0) is in the payload as byUserId; a
// fan's own actions are theirs.
std::int64_t actor_id(const core::AuditEntry& e, const json::value& payload) {
  if (const auto* o = payload.if_object()) {
    if (const auto* by = o->if_contains("byUserId"); by && by->is_int64()) return by->as_int64();
  }
  return e.actor == "user" ? e.user_id : 0;
}

using Emails = std::map<std::int64_t, std::string>;

json::value account_json(std::int64_t id, const Emails& emails) {
  const auto it = emails.find(id);
  return json::object{{"id", id}, {"email", it == emails.end() ? json::value(nullptr) : json::value(it->second)}};
}

// An entry's payload as JSON (its text when it is not JSON), and the account that acted (0: none
// known). Parsed once per entry: the page's emails and its JSON both need it.
struct ReadEntry {
  json::value payload;
  std::int64_t by = 0;
};

ReadEntry read_entry(const core::AuditEntry& e) {
  boost::system::error_code ec;
  auto payload = json::parse(e.payload, ec);
  if (ec) return {json::value(e.payload), 0};
  const auto by = actor_id(e, payload);
  return {std::move(payload), by};
}

using Currencies = std::map<std::int64_t, std::string>;  // event id -> its currency

json::object audit_entry_json(const core::AuditEntry& e, ReadEntry read, const Emails& emails,
                              const Currencies& currencies) {
  json::object o{{"sequence", e.sequence}, {"id", e.id},         {"type", e.type}, {"actor", e.actor},
                 {"at", core::format_utc_ms(e.at_ms)}, {"atMs", e.at_ms}};
  if (e.event_id) o["eventId"] = e.event_id;
  // The currency of the payload's amounts: its own (events logged since shows had currencies),
  // else its show's.
  const auto* own = read.payload.is_object() ? read.payload.as_object().if_contains("currency") : nullptr;
  if (own && own->is_string()) {
    put_currency(o, own->as_string());
  } else if (const auto c = currencies.find(e.event_id); c != currencies.end()) {
    put_currency(o, c->second);
  }
  if (e.user_id) {
    o["userId"] = e.user_id;
    o["account"] = account_json(e.user_id, emails);
  }
  if (read.by) o["by"] = account_json(read.by, emails);
  o["payload"] = std::move(read.payload);
  return o;
}

// Every account an audit page names, with its email.
Task<core::Result<Emails>> emails_on(services::Accounts& accounts, const std::vector<core::AuditEntry>& entries,
                                     const std::vector<ReadEntry>& read) {
  std::set<std::int64_t> ids;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].user_id) ids.insert(entries[i].user_id);
    if (read[i].by) ids.insert(read[i].by);
  }
  co_return co_await accounts.emails_of(std::move(ids));
}

// The currency of every show an audit page names. A show that cannot be read is left out (its
// amounts then read as USD) rather than failing the page.
Task<Currencies> currencies_on(services::Catalog& catalog, const std::vector<core::AuditEntry>& entries) {
  Currencies out;
  for (const auto& e : entries) {
    if (!e.event_id || out.contains(e.event_id)) continue;
    auto event = co_await catalog.find_by_id(e.event_id);
    out[e.event_id] = event ? event->listing.event.currency : std::string();
  }
  co_return out;
}

Task<http::Response> audit(const EventStreamServices& ctx, http::Request& req) {
  auto q = audit_query(req);
  if (!q) co_return error_response(q.error());
  const auto limit = q->limit;
  auto entries = co_await ctx.audit.search(std::move(*q));
  if (!entries) co_return error_response(entries.error());
  std::vector<ReadEntry> read;
  read.reserve(entries->size());
  for (const auto& e : *entries) read.push_back(read_entry(e));
  auto emails = co_await emails_on(ctx.accounts, *entries, read);
  if (!emails) co_return error_response(emails.error());
  const auto currencies = co_await currencies_on(ctx.catalog, *entries);
  json::array items;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    items.push_back(audit_entry_json((*entries)[i], std::move(read[i]), *emails, currencies));
  }
  json::object out{{"entries", std::move(items)}};
  // A full page may have more behind it: the cursor asks for what is older than its last entry.
  out["nextCursor"] = static_cast<int>(entries->size()) == limit ? json::value(std::to_string(entries->back().sequence))
                                                                 : json::value(nullptr);
  co_return http::Response::json(200, json::serialize(out));
}

json::object minute_json(const core::SalesMinute& m) {
  return {{"held", m.held},           {"released", m.released},         {"sold", m.sold},
          {"cancelled", m.cancelled}, {"revenueCents", m.revenue_cents}};
}

Task<http::Response> sales(const EventStreamServices& ctx, http::Request& req) {
  const auto id = path_id(req, "id");
  if (!id) co_return no_such_event();
  auto event = co_await ctx.catalog.find_by_id(*id);
  if (!event) co_return error_response(event.error());
  auto report = co_await ctx.sales.report(*id);
  if (!report) co_return error_response(report.error());
  json::array minutes;
  for (const auto& m : report->minutes) {
    auto o = minute_json(m);
    o["minute"] = core::format_utc_ms(m.minute_ms);
    minutes.push_back(std::move(o));
  }
  auto totals = minute_json(report->totals);
  totals["heldNow"] = report->held_now;
  const auto& listing = event->listing;
  json::object out{{"eventId", *id},
                   {"name", listing.event.name},
                   {"totalSeats", listing.event.total_seats},
                   {"totals", std::move(totals)},
                   {"minutes", std::move(minutes)},
                   {"throughSequence", report->through}};
  put_currency(out, listing.event.currency);
  co_return http::Response::json(200, json::serialize(out));
}

Task<http::Response> consumers(const EventStreamServices& ctx) {
  auto all = co_await ctx.dispatcher.status();
  if (!all) co_return error_response(all.error());
  if (ctx.relay) {  // cluster mode: how far the outbox has been copied into the Redis streams
    auto relay = co_await ctx.relay->status();
    if (!relay) co_return error_response(relay.error());
    all->insert(all->begin(), relay->begin(), relay->end());
  }
  json::array items;
  for (const auto& c : *all) {
    json::object o{{"name", c.name},     {"offset", c.position.offset}, {"lastSequence", c.position.last_sequence},
                   {"lag", c.position.lag()}, {"handled", c.handled},   {"failures", c.failures}};
    o["lastError"] = c.last_error.empty() ? json::value(nullptr) : json::value(c.last_error);
    o["retryAt"] = c.retry_at_ms ? json::value(core::format_utc_ms(c.retry_at_ms)) : json::value(nullptr);
    o["deadLetters"] = c.dead_letters;
    items.push_back(std::move(o));
  }
  json::object out{{"eventLog", ctx.relay ? "redis" : "outbox"}, {"consumers", std::move(items)}};
  co_return http::Response::json(200, json::serialize(out));
}

}  // namespace

void add_event_stream_routes(http::Router& router, EventStreamServices ctx) {
  router.add("GET", "/api/admin/audit",
             for_callers(ctx.accounts, kAdminOnly,
                         [ctx](http::Request& req, const services::Principal&) { return audit(ctx, req); }));
  router.add("GET", "/api/admin/events/{id}/sales",
             for_callers(ctx.accounts, kAdminOnly,
                         [ctx](http::Request& req, const services::Principal&) { return sales(ctx, req); }));
  router.add("GET", "/api/admin/consumers",
             for_callers(ctx.accounts, kAdminOnly,
                         [ctx](http::Request&, const services::Principal&) { return consumers(ctx); }));
}

}  // namespace tw::api
