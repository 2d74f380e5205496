#pragma once
// JSON shapes of the catalog endpoints (documented in docs/api.md).
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/waiting_room.h"
#include "services/catalog.h"

namespace tw::services {
class Booking;
}

namespace tw::api {

// One event as GET /api/events lists it.
boost::json::object event_object(const core::EventListing& listing);
std::string event_page_json(const core::EventPage& page);
// The event as its page shows it, with the rules of buying it that the server applies (how long
// a hold lasts, seats per hold, the service fee), so clients never copy them.
struct BookingRules {
  int hold_seconds = 600;
  int max_seats_per_hold = 8;
  core::WaitingRoomSettings waiting_room;  // enabled false: no waiting room
};
BookingRules booking_rules(const services::Booking& booking, const core::Event& event);
std::string event_detail_json(const services::EventWithMap& event, const BookingRules& rules);
std::string seat_map_json(const core::SeatMap& map, std::string_view currency);

// "currency" (its ISO 4217 code) and "currencyDigits" (its minor unit's decimals: 2 for USD, 0
// for KRW, 3 for BHD), beside every amount in minor units, so clients scale and write amounts
// the way the server counts them.
void put_currency(boost::json::object& o, std::string_view currency);

// Pagination cursors are opaque to clients: base64url of "<startsUtc>:<id>".
std::string encode_cursor(const core::EventCursor& c);
std::optional<core::EventCursor> decode_cursor(std::string_view text);

}  // namespace tw::api
