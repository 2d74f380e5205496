#pragma once
// What the route files need from the rest of the program, wired by the composition root.
// Routes reach durable state only through these services, never through a store.
#include <functional>

#include <string>
#include <vector>

#include "async/task.h"
#include "core/result.h"
#include "http/address_range.h"

namespace tw::auth {
class PasswordHasher;
}
namespace tw::services {
class Accounts;
class Booking;
class Catalog;
class Checkout;
class CheckIn;
class DemoData;
class Payments;
class SeatFeed;
class SeatBlocks;
class SeatKeeper;
class ShowCancellations;
class TicketDesk;
class TicketKeys;
class TicketOffers;
class WalletPasses;
class WaitingRoom;
}  // namespace tw::services
namespace tw::core {
class Clock;
}
namespace tw::webhooks {
class Webhooks;
}
namespace tw::events {
class AuditTrail;
class Dispatcher;
class SalesFigures;
}  // namespace tw::events

namespace tw::api {

// What each routes file uses, and nothing more; wired by the composition root. The members are
// references to services that outlive the router, so a handler may keep a copy.
struct QueueServices {
  services::Accounts& accounts;
  services::WaitingRoom& waiting_room;
};

struct TicketServices {
  services::Accounts& accounts;
  services::TicketDesk& tickets;
  services::SeatKeeper& seats;
  services::WalletPasses& wallet;
  services::TicketOffers& offers;
};

struct SalesServices {
  services::Accounts& accounts;
  services::TicketDesk& tickets;
  services::SeatKeeper& seats;
};

struct SeedServices {
  services::Accounts& accounts;
  services::Booking& booking;
  services::Catalog& catalog;
  services::SeatKeeper& seats;
};

struct BookingServices {
  services::Accounts& accounts;
  services::Booking& booking;
  services::Checkout& checkout;
  services::SeatFeed& seat_feed;
  services::SeatKeeper& seats;
  services::WaitingRoom& waiting_room;
};

struct CheckInServices {
  services::Accounts& accounts;
  services::Catalog& catalog;
  services::CheckIn& check_in;
  const core::Clock& clock;
  services::TicketKeys& ticket_keys;
  services::TicketDesk& tickets;
};

struct EventStreamServices {
  services::Accounts& accounts;
  events::AuditTrail& audit;
  services::Catalog& catalog;
  events::Dispatcher& dispatcher;  // the event log's consumers, for their status
  events::Dispatcher* relay;       // cluster mode: the outbox's relay into Redis, for its status; else null
  events::SalesFigures& sales;
};

// /metrics: what it reads when scraped, and who may scrape it.
struct MetricsServices {
  services::Catalog& catalog;
  services::SeatKeeper& seats;
  services::WaitingRoom& waiting_room;
  events::Dispatcher& dispatcher;
  events::Dispatcher* relay;               // cluster mode, as in EventStreamServices
  std::vector<http::AddressRange> allowed;  // client addresses served without the token
  std::string token;                        // a bearer token that is served from anywhere; empty: none
};

struct AdminServices {
  services::Accounts& accounts;
  services::Booking& booking;
  services::Catalog& catalog;
  const core::Clock& clock;
  services::DemoData& demo_data;
  bool dev;  // enables development-only endpoints
  services::Payments& payments;
  services::SeatKeeper& seats;
  services::TicketDesk& tickets;
  services::WaitingRoom& waiting_room;
};

// Readiness: succeeds when the server's dependencies (the database) answer.
using ReadinessCheck = std::function<Task<core::Status>()>;

}  // namespace tw::api
