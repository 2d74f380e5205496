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
  std::string currency;   // the event's, of every amount here
  core::OrderPrice price;  // what paying for it costs now, seat fees in seat_ids order
  int renewals_left = 0;
};

struct SeatsView {
  std::int64_t event_id = 0;
  inventory::Availability availability;
};

// The seats' row prices in this map, in the order given; ids the map lacks are left out.
std::vector<core::Cents> seat_prices(const core::SeatMap& map, const std::vector<std::string>& seat_ids);

// What a hold's seats cost, one price per seat in seat_ids order: the prices they were held at,
// or (a hold recorded before holds kept them) their prices in this map.
std::vector<core::Cents> held_prices(const core::SeatMap& map, const core::HoldRecord& hold);

// Server-side price of a hold (core::price_order over held_prices).
core::OrderPrice price_hold(const core::SeatMap& map, const core::HoldRecord& hold);

// The seats' positions in the map, in the order given; ids the map lacks are left out.
std::vector<int> indexes_of(const core::SeatMap& map, const std::vector<std::string>& seat_ids);

}  // namespace tw::services
