#pragma once
// An organiser's new price for a price tier: the back-row price of every section of the tier
// (rows nearer the stage add their 10 % steps on top, core/pricing.h). Seats held or sold before
// the change keep the prices they were held at (HoldRecord::seat_prices).
#include <string>
#include <string_view>

#include "core/layout.h"
#include "core/result.h"

namespace tw::core {

struct TierPriceChange {
  std::string tier;
  Cents before = 0;  // the tier's lowest back-row price before the change
  Cents after = 0;
  bool changed = false;  // some section's price moved

  bool operator==(const TierPriceChange&) const = default;
};

// Sets every section of `tier` to `base_price`. kNotFound "tier_not_found" when no section has
// the tier; kInvalid "bad_price" outside (0, kMaxBasePrice].
Result<TierPriceChange> reprice_tier(Layout& layout, std::string_view tier, Cents base_price);

}  // namespace tw::core
