#include "services/hold_view.h"

namespace tw::services {

core::OrderPrice price_seats(const core::SeatMap& map, const std::vector<std::string>& seat_ids) {
  std::vector<core::Cents> prices;
  for (const auto& id : seat_ids) {
    if (auto i = map.index_of(id)) prices.push_back(map.seat(*i).row->price);
  }
  return core::price_order(prices);
}

std::vector<int> indexes_of(const core::SeatMap& map, const std::vector<std::string>& seat_ids) {
  std::vector<int> out;
  for (const auto& id : seat_ids) {
    if (auto i = map.index_of(id)) out.push_back(*i);
  }
  return out;
}

}  // namespace tw::services
