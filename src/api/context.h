#pragma once
// What the route files need from the rest of the program, wired by the composition root.
namespace tw::auth {
class PasswordHasher;
}
namespace tw::services {
class Accounts;
class Booking;
class Catalog;
class CheckIn;
class SeatFeed;
class TicketDesk;
class TicketKeys;
}  // namespace tw::services
namespace tw::core {
class Clock;
}
namespace tw::store {
class Store;
}

namespace tw::api {

struct ApiContext {
  store::Store& store;
  services::Catalog& catalog;
  services::Accounts& accounts;
  auth::PasswordHasher& hasher;
  services::Booking& booking;
  services::SeatFeed& seat_feed;
  services::TicketDesk& tickets;
  services::TicketKeys& ticket_keys;
  services::CheckIn& check_in;
  const core::Clock& clock;
  bool dev = false;             // enables development-only endpoints
  bool secure_cookies = false;  // add Secure to cookies (serving over TLS)
};

}  // namespace tw::api
