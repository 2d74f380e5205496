// Prices for admins: each price tier of a show with its back-row price (rows nearer the stage
// add 10 % steps, core/pricing.h), and a new price for a tier. Seats held or sold before a
// change keep their prices; the change is in the activity log.
#include <boost/json.hpp>

#include "api/catalog_json.h"
#include "api/error_response.h"
#include "api/json_body.h"
#include "api/query_params.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "services/catalog.h"

namespace tw::api {
namespace json = boost::json;
namespace {

std::string prices_json(const services::EventWithMap& e) {
  json::array tiers;
  for (const auto& t : e.seat_map->tiers()) {
    tiers.push_back(json::object{{"tier", t.tier},
                                 {"name", core::tier_display_name(t.tier)},
                                 {"basePriceCents", t.min_price},
                                 {"topPriceCents", t.max_price},
                                 {"seats", t.seats}});
  }
  json::object o{{"eventId", e.listing.event.id}, {"tiers", std::move(tiers)}};
  put_currency(o, e.listing.event.currency);
  return json::serialize(o);
}

Task<http::Response> change_price(services::Catalog& catalog, http::Request& req, const services::Principal& admin) {
  const auto id = path_id(req, "id");
  if (!id) co_return no_such_event();
  auto body = json_object_body(req);
  if (!body) co_return error_response(body.error());
  auto tier = required_text(*body, "tier", "the price tier to change, as the seat map names it");
  if (!tier) co_return error_response(tier.error());
  auto cents = int_field(*body, "basePriceCents");
  if (!cents) co_return error_response(cents.error());
  if (!*cents) co_return error_response(missing_field("basePriceCents"));
  auto changed = co_await catalog.change_price(*id, std::move(*tier), **cents, admin.user_id);
  if (!changed) co_return error_response(changed.error());
  co_return http::Response::json(200, prices_json(*changed));
}

}  // namespace

void add_price_routes(http::Router& router, services::Accounts& accounts, services::Catalog& catalog) {
  router.add("GET", "/api/admin/events/{id}/prices",
             for_callers(accounts, kAdminOnly,
                         [&catalog](http::Request& req, const services::Principal&) -> Task<http::Response> {
                           const auto id = path_id(req, "id");
                           if (!id) co_return no_such_event();
                           auto event = co_await catalog.find_by_id(*id);
                           if (!event) co_return error_response(event.error());
                           co_return http::Response::json(200, prices_json(*event));
                         }));
  router.add("PUT", "/api/admin/events/{id}/prices",
             for_callers(accounts, kAdminOnly, [&catalog](http::Request& req, const services::Principal& p) {
               return change_price(catalog, req, p);
             }));
}

}  // namespace tw::api
