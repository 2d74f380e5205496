// Blocked seats for admins (services/seat_blocks.h): a show's blocks, grouped as they were made;
// blocking seats by id, section or rows, with a label, a reason and an optional release time;
// releasing a whole block or some of its seats; issuing blocked seats as tickets to a named
// person (services/box_office.h). Every change is in the activity log.
#include <boost/json.hpp>
#include <map>

#include "api/booking_json.h"
#include "api/error_response.h"
#include "api/json_body.h"
#include "api/query_params.h"
#include "api/request_auth.h"
#include "api/request_bodies.h"
#include "api/routes.h"
#include "core/iso_time.h"
#include "services/box_office.h"
#include "services/seat_blocks.h"

namespace tw::api {
namespace json = boost::json;
namespace {

json::value release_time(std::int64_t ms) { return ms ? json::value(core::format_utc_ms(ms)) : json::value(nullptr); }

// The seats of one block, as one object: the seats it still has, in seat order.
json::array blocks_json(const std::vector<core::SeatBlock>& seats) {
  std::map<std::string, json::object> by_block;
  std::vector<std::string> order;
  for (const auto& b : seats) {
    auto [it, fresh] = by_block.try_emplace(b.block_id);
    auto& o = it->second;
    if (fresh) {
      order.push_back(b.block_id);
      o = json::object{{"blockId", b.block_id}, {"label", b.label}, {"reason", b.reason},
                       {"releaseAt", release_time(b.release_at_ms)}, {"blockedAt", core::format_utc_ms(b.created_at_ms)},
                       {"byUserId", b.by_user_id}, {"seats", json::array{}}};
    }
    o["seats"].as_array().emplace_back(b.seat_id);
  }
  json::array out;
  for (const auto& id : order) {
    auto& o = by_block[id];
    o["seatCount"] = o["seats"].as_array().size();
    out.push_back(std::move(o));
  }
  return out;
}

std::string event_blocks_json(const services::EventBlocks& e) {
  return json::serialize(json::object{{"eventId", e.event.listing.event.id},
                                      {"blockedSeats", e.blocks.size()},
                                      {"blocks", blocks_json(e.blocks)}});
}

// {"seats"|"section"[,"rows"], "label"[,"reason"][,"releaseAt"]}
core::Result<services::BlockRequest> read_block(const json::object& body) {
  services::BlockRequest out;
  auto seats = read_seat_selection(body);
  if (!seats) return seats.error();
  out.seats = std::move(seats).value();
  auto label = string_field(body, "label");
  if (!label) return label.error();
  auto reason = string_field(body, "reason");
  if (!reason) return reason.error();
  auto release = string_field(body, "releaseAt");
  if (!release) return release.error();
  out.label = label->value_or("");
  out.reason = reason->value_or("");
  if (*release) {
    auto at = core::parse_iso8601(**release);
    if (!at) return core::invalid("invalid_block", "releaseAt must be a time like 2027-05-01T18:00:00+01:00");
    out.release_at_ms = at->utc_seconds * 1000;
  }
  return out;
}

std::string released_json(std::int64_t event_id, const std::vector<core::SeatBlock>& released) {
  json::array seats;
  for (const auto& b : released) seats.emplace_back(b.seat_id);
  return json::serialize(json::object{{"eventId", event_id}, {"released", std::move(seats)}});
}

Task<http::Response> block_seats(services::SeatBlocks& blocks, http::Request& req, const services::Principal& admin) {
  const auto id = path_id(req, "id");
  if (!id) co_return no_such_event();
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto request = read_block(*body);
  if (!request) co_return error_response(request.error());
  auto made = co_await blocks.block(*id, std::move(request).value(), admin.user_id);
  if (!made) co_return error_response(made.error());
  auto block = blocks_json(*made);
  co_return http::Response::json(201, json::serialize(block.at(0)));
}

Task<http::Response> release_seats(services::SeatBlocks& blocks, http::Request& req, const services::Principal& admin,
                                   std::string block_id) {
  const auto id = path_id(req, "id");
  if (!id) co_return no_such_event();
  services::ReleaseRequest request{std::move(block_id), {}};
  if (request.block_id.empty()) {
    auto body = json_object_body(req);
    if (!body) co_return error_response(body.error());
    auto seats = read_seat_selection(*body);
    if (!seats) co_return error_response(seats.error());
    auto named = string_field(*body, "blockId");
    if (!named) co_return error_response(named.error());
    request = {named->value_or(""), std::move(seats).value()};
  }
  auto released = co_await blocks.release(*id, std::move(request), admin.user_id);
  if (!released) co_return error_response(released.error());
  co_return http::Response::json(200, released_json(*id, *released));
}

// {"email"[,"name"], "seats"|"section"[,"rows"], "kind"[,"paidCents"]}
core::Result<services::IssueRequest> read_issue(const json::object& body) {
  services::IssueRequest out;
  auto email = required_text(body, "email", "the address of the person the tickets are for");
  if (!email) return email.error();
  out.email = std::move(email).value();
  auto name = string_field(body, "name");
  if (!name) return name.error();
  out.name = name->value_or("");
  auto seats = read_seat_selection(body);
  if (!seats) return seats.error();
  out.seats = std::move(seats).value();
  auto kind = string_field(body, "kind");
  if (!kind) return kind.error();
  auto parsed = services::parse_issue_kind(kind->value_or("complimentary"));
  if (!parsed) return core::invalid("invalid_issue", "kind is \"complimentary\" or \"box_office\"");
  out.kind = *parsed;
  auto paid = int_field(body, "paidCents");
  if (!paid) return paid.error();
  out.paid = paid->value_or(0);
  return out;
}

Task<http::Response> issue_seats(services::BoxOffice& office, http::Request& req, const services::Principal& admin) {
  const auto id = path_id(req, "id");
  if (!id) co_return no_such_event();
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto request = read_issue(*body);
  if (!request) co_return error_response(request.error());
  const auto kind = request->kind;
  auto issued = co_await office.issue(*id, std::move(request).value(), admin.user_id);
  if (!issued) co_return error_response(issued.error());
  auto out = json::parse(order_json(issued->order)).as_object();
  out["kind"] = services::issue_kind_name(kind);
  out["holder"] = json::object{{"id", issued->holder.id},
                               {"email", issued->holder.email},
                               {"name", issued->holder.name},
                               {"newAccount", issued->new_account}};
  co_return http::Response::json(201, json::serialize(out));
}

}  // namespace

void add_seat_block_routes(http::Router& router, services::Accounts& accounts, services::SeatBlocks& blocks,
                           services::BoxOffice& office) {
  router.add("POST", "/api/admin/events/{id}/blocks/issue",
             for_callers(accounts, kAdminOnly, [&office](http::Request& req, const services::Principal& p) {
               return issue_seats(office, req, p);
             }));
  router.add("GET", "/api/admin/events/{id}/blocks",
             for_callers(accounts, kAdminOnly,
                         [&blocks](http::Request& req, const services::Principal&) -> Task<http::Response> {
                           const auto id = path_id(req, "id");
                           if (!id) co_return no_such_event();
                           auto found = co_await blocks.blocks_of(*id);
                           if (!found) co_return error_response(found.error());
                           co_return http::Response::json(200, event_blocks_json(*found));
                         }));
  router.add("POST", "/api/admin/events/{id}/blocks",
             for_callers(accounts, kAdminOnly, [&blocks](http::Request& req, const services::Principal& p) {
               return block_seats(blocks, req, p);
             }));
  router.add("POST", "/api/admin/events/{id}/blocks/release",
             for_callers(accounts, kAdminOnly, [&blocks](http::Request& req, const services::Principal& p) {
               return release_seats(blocks, req, p, "");
             }));
  router.add("DELETE", "/api/admin/events/{id}/blocks/{blockId}",
             for_callers(accounts, kAdminOnly, [&blocks](http::Request& req, const services::Principal& p) {
               auto block_id = std::string(req.param("blockId"));
               if (block_id.empty()) block_id = "-";  // never a block's id: answered as not found
               return release_seats(blocks, req, p, std::move(block_id));
             }));
}

}  // namespace tw::api
