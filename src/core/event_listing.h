#pragma once
// Events as the catalogue lists and the dashboard counts them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/money.h"

namespace tw::core {

// Events are listed by start time, then id; the cursor is the last row of the previous page.
struct EventCursor {
  std::int64_t starts_utc = 0;
  std::int64_t id = 0;
};

struct EventQuery {
  std::string text;   // matched against name, artist and venue, case-insensitively
  std::string venue;  // exact venue name, case-insensitively; empty = any
  // Bounds on the start time: instants compare in UTC; calendar dates ("YYYY-MM-DD") compare
  // with the event's local date, so "shows on May 9" means May 9 where the show is.
  std::optional<std::int64_t> from_utc;
  std::optional<std::int64_t> to_utc;
  std::optional<std::string> from_date;
  std::optional<std::string> to_date;
  int limit = 20;
  std::optional<EventCursor> after;
  bool include_inactive = false;
};

// An event with the figures a listing shows.
struct EventListing {
  Event event;
  Cents price_from = 0;
  int sold_seats = 0;  // tickets confirmed or used
  int held_seats = 0;  // not known to a store (0): SeatKeeper::count_live fills both from the inventory
};

struct EventPage {
  std::vector<EventListing> events;
  std::optional<EventCursor> next;  // present when more rows may follow
};

// Sales figures of one event for the admin dashboard.
struct EventStats {
  std::int64_t event_id = 0;
  std::string slug;
  std::string name;
  bool active = true;
  int total_seats = 0;
  int held_seats = 0;
  int sold_seats = 0;
  Cents revenue = 0;  // totals paid for live tickets
  int checked_in = 0;       // tickets used at a gate
  std::string starts_at;    // ISO-8601 as the organiser wrote it
  std::optional<ZonedTime> on_sale_at;  // none: on sale from the start
  std::optional<ZonedTime> presale_at;  // none: no presale
  std::int64_t cancelled_at = 0;        // UTC seconds; 0: not cancelled
  std::string currency{"USD"};          // of `revenue`
  int blocked_seats = 0;                // taken off sale by organisers (core/seat_block.h)
};

}  // namespace tw::core
