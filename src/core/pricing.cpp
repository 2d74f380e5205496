#include "core/pricing.h"

namespace tw::core {

// Integer arithmetic throughout: (base × (10 + k) + 5) / 10 rounds half up without floats.
Cents row_price(Cents base, int rows_from_back) { return (base * (10 + rows_from_back) + 5) / 10; }

Cents service_fee(Cents subtotal) { return (subtotal * kServiceFeePercent + 50) / 100; }

}  // namespace tw::core
