#pragma once
// Ticket pricing, as the seed defines it: front rows cost more. A section's base price applies
// to its back row; each row closer to the stage adds 10 % of the base. Every price the platform
// charges is computed here from the event's layout, never taken from a client.
#include <vector>

#include "core/money.h"

namespace tw::core {

// base × (1 + 0.1 × rows_from_back), rounded half up to the cent.
Cents row_price(Cents base, int rows_from_back);

// The service fee on a subtotal: 10 %, rounded half up to the cent.
Cents service_fee(Cents subtotal);

inline constexpr int kServiceFeePercent = 10;

// What an order of seats costs: the fee is charged once on the subtotal, then split across the
// seats in proportion to their prices (largest remainder first, ties to the earlier seat), so
// each ticket carries its own share and the tickets always add up to the charge exactly — and
// so do the refunds of all of them.
struct OrderPrice {
  Cents subtotal = 0;
  Cents fee = 0;
  Cents total = 0;
  std::vector<Cents> seat_fees;  // one per price, in the order given
};
OrderPrice price_order(const std::vector<Cents>& seat_prices);

}  // namespace tw::core
