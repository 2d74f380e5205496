#pragma once
// Holds and seats as the services answer them: a hold with its event and price, an event's seat
// states now, and the one way a hold's seats are priced.
#include <cstdint>
#include <string>
#include <vector>

#include "core/hold.h"
#include "core/pricing.h"
#include "core/seat_map.h"
#include "inventory/inventory.h"

namespace tw::services {

struct HoldView {
  core::HoldRecord hold;
  std::string event_slug;
  core::OrderPrice price;  // what paying for it costs now, seat fees in seat_ids order
  int renewals_left = 0;
};

struct SeatsView {
  std::int64_t event_id = 0;
  inventory::Availability availability;
};

// Server-side price of these seats (core::price_order over their row prices).
core::OrderPrice price_seats(const core::SeatMap& map, const std::vector<std::string>& seat_ids);

// The seats' positions in the map, in the order given; ids the map lacks are left out.
std::vector<int> indexes_of(const core::SeatMap& map, const std::vector<std::string>& seat_ids);

}  // namespace tw::services
