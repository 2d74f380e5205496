#pragma once
// Each resource registers its endpoints on the router. Handlers are thin: read and validate
// the request, call a service, format the answer. Each routes file takes only the services it
// uses (api/context.h).
#include "http/router.h"

#include "api/context.h"

namespace tw::services {
class Accounts;
class PersonalData;
class Booking;
class Catalog;
class Payments;
class SeatFeed;
class BoxOffice;
class SeatBlocks;
class AccessCodes;
class SeatKeeper;
class WaitingRoom;
}  // namespace tw::services
namespace tw::webhooks {
class Webhooks;
}

namespace tw::api {

void add_health_routes(http::Router& router, ReadinessCheck ready);
void add_catalog_routes(http::Router& router, services::Catalog& catalog, services::Booking& booking,
                        services::SeatKeeper& seats, services::WaitingRoom& rooms);
void add_auth_routes(http::Router& router, services::Accounts& accounts, bool secure_cookies);
// The account page (api/account_routes.cpp).
void add_account_routes(http::Router& router, services::Accounts& accounts, services::PersonalData& data,
                        bool secure_cookies);
void add_admin_routes(http::Router& router, AdminServices ctx);
// Returns the checkout handler, which the seed's payment routes reuse.
http::Handler add_booking_routes(http::Router& router, BookingServices ctx);
void add_seed_routes(http::Router& router, SeedServices ctx, const http::Handler& checkout);
// Tickets of the signed-in holder: list, detail with code, image, transfer.
void add_ticket_routes(http::Router& router, TicketServices ctx);
// Apple Wallet passes and Google Wallet links of a holder's ticket, and Apple's pass web service.
void add_wallet_routes(http::Router& router, TicketServices ctx);
// Gate check-in for staff and admins.
void add_checkin_routes(http::Router& router, CheckInServices ctx);
// Live seat updates as server-sent events.
void add_live_routes(http::Router& router, services::SeatFeed& feed);
// What the event log's consumers keep, for admins: the audit trail, each event's sales per
// minute, and the consumers' progress.
void add_event_stream_routes(http::Router& router, EventStreamServices ctx);
// Admins: tickets with their buyers, searched; an event's tickets as CSV.
void add_sales_routes(http::Router& router, SalesServices ctx);
// Webhooks for admins: endpoints, their deliveries and attempts, replay.
void add_webhook_routes(http::Router& router, services::Accounts& accounts, webhooks::Webhooks& hooks);
// Refunds for admins: the list, and a retry.
void add_refund_routes(http::Router& router, services::Accounts& accounts, services::Payments& payments);
// Cancelling a show (admin): start it, and follow its progress.
void add_cancellation_routes(http::Router& router, services::Accounts& accounts,
                             services::ShowCancellations& cancellations);
// Prices (admin): a show's price tiers, and a new price for one.
void add_price_routes(http::Router& router, services::Accounts& accounts, services::Catalog& catalog);
// Blocked seats (admin): a show's blocks, new blocks, releases, tickets issued from them.
void add_seat_block_routes(http::Router& router, services::Accounts& accounts, services::SeatBlocks& blocks,
                           services::BoxOffice& office);
// Presale and access codes: admins make, list, export and revoke them; fans redeem one.
void add_access_code_routes(http::Router& router, services::Accounts& accounts, services::Catalog& catalog,
                            services::AccessCodes& codes);
// The waiting rooms: joining, a fan's place (JSON and live), the published draw; admins' control.
void add_queue_routes(http::Router& router, QueueServices ctx);
// Events the consumers set aside (dead letters): listed, retried, dismissed (admin).
void add_dead_letter_routes(http::Router& router, events::Dispatcher& dispatcher, services::Accounts& accounts);

// Prometheus metrics for operators' scrapers (loopback, configured ranges, or a bearer token).
void add_metrics_routes(http::Router& router, MetricsServices ctx);

}  // namespace tw::api
