#include "services/hold_view.h"

namespace tw::services {

std::vector<core::Cents> seat_prices(const core::SeatMap& map, const std::vector<std::string>& seat_ids) {
  std::vector<core::Cents> prices;
  for (const auto& id : seat_ids) {
    if (auto i = map.index_of(id)) prices.push_back(map.seat(*i).row->price);
  }
  return prices;
}

std::vector<core::Cents> held_prices(const core::SeatMap& map, const core::HoldRecord& hold) {
  if (hold.seat_prices.size() == hold.seat_ids.size()) return hold.seat_prices;
  return seat_prices(map, hold.seat_ids);
}

core::OrderPrice price_hold(const core::SeatMap& map, const core::HoldRecord& hold) {
  return core::price_order(held_prices(map, hold));
}

std::vector<int> indexes_of(const core::SeatMap& map, const std::vector<std::string>& seat_ids) {
  std::vector<int> out;
  for (const auto& id : seat_ids) {
    if (auto i = map.index_of(id)) out.push_back(*i);
  }
  return out;
}

}  // namespace tw::services
