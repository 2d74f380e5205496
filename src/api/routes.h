#pragma once
// Each resource registers its endpoints on the router. Handlers are thin: read and validate
// the request, call a service, format the answer.
#include "http/router.h"

namespace tw::services {
class Catalog;
}
namespace tw::store {
class Store;
}

namespace tw::api {

struct ApiContext;

void add_health_routes(http::Router& router, store::Store& store);
void add_catalog_routes(http::Router& router, services::Catalog& catalog);
void add_auth_routes(http::Router& router, ApiContext& ctx);
void add_admin_routes(http::Router& router, ApiContext& ctx);
// Returns the checkout handler, which the seed's payment routes reuse.
http::Handler add_booking_routes(http::Router& router, ApiContext& ctx);
void add_seed_routes(http::Router& router, ApiContext& ctx, const http::Handler& checkout);
// Tickets of the signed-in holder: list, detail with code, image, transfer.
void add_ticket_routes(http::Router& router, ApiContext& ctx);
// Gate check-in for staff and admins.
void add_checkin_routes(http::Router& router, ApiContext& ctx);
// Live seat updates as server-sent events.
void add_live_routes(http::Router& router, ApiContext& ctx);

}  // namespace tw::api
