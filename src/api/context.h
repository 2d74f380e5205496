#pragma once
// What the route files need from the rest of the program, wired by the composition root.
// Routes reach durable state only through these services, never through a store.
#include <functional>

#include "async/task.h"
#include "core/result.h"

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
class TicketDesk;
class TicketKeys;
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

struct ApiContext {
  services::Catalog& catalog;
  services::Accounts& accounts;
  services::Booking& booking;
  services::Checkout& checkout;
  services::Payments& payments;
  services::SeatFeed& seat_feed;
  services::TicketDesk& tickets;
  services::TicketKeys& ticket_keys;
  services::CheckIn& check_in;
  services::DemoData& demo_data;
  events::Dispatcher& dispatcher;  // the event log's consumers, for their status
  events::AuditTrail& audit;
  events::SalesFigures& sales;
  webhooks::Webhooks& webhooks;
  services::WaitingRoom& waiting_room;
  const core::Clock& clock;
  bool dev = false;             // enables development-only endpoints
  bool secure_cookies = false;  // add Secure to cookies (serving over TLS)
  events::Dispatcher* relay = nullptr;  // cluster mode: the outbox's relay into Redis, for its status
};

// Readiness: succeeds when the server's dependencies (the database) answer.
using ReadinessCheck = std::function<Task<core::Status>()>;

}  // namespace tw::api
