#pragma once
// JSON shapes of the catalog endpoints (documented in docs/api.md).
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "services/catalog.h"

namespace tw::api {

// One event as GET /api/events lists it.
boost::json::object event_object(const store::EventListing& listing);
std::string event_page_json(const store::EventPage& page);
std::string event_detail_json(const services::EventWithMap& event);
std::string seat_map_json(const core::SeatMap& map);

// Pagination cursors are opaque to clients: base64url of "<startsUtc>:<id>".
std::string encode_cursor(const store::EventCursor& c);
std::optional<store::EventCursor> decode_cursor(std::string_view text);

}  // namespace tw::api
