#pragma once
// Ticket pricing, as the seed defines it: front rows cost more. A section's base price applies
// to its back row; each row closer to the stage adds 10 % of the base. Every price the platform
// charges is computed here from the event's layout, never taken from a client.
#include "core/money.h"

namespace tw::core {

// base × (1 + 0.1 × rows_from_back), rounded half up to the cent.
Cents row_price(Cents base, int rows_from_back);

// The service fee on a subtotal: 10 %, rounded half up to the cent.
Cents service_fee(Cents subtotal);

inline constexpr int kServiceFeePercent = 10;

}  // namespace tw::core
