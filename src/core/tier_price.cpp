#include "core/tier_price.h"

#include <algorithm>

#include "core/error.h"

namespace tw::core {

Result<TierPriceChange> reprice_tier(Layout& layout, std::string_view tier, Cents base_price) {
  if (base_price <= 0 || base_price > kMaxBasePrice) {
    return invalid("bad_price", "basePriceCents must be above 0 and at most " + std::to_string(kMaxBasePrice));
  }
  TierPriceChange change{.tier = std::string(tier), .after = base_price};
  bool found = false;
  for (auto& s : layout.sections) {
    if (s.tier != tier) continue;
    change.before = found ? std::min(change.before, s.base_price) : s.base_price;
    found = true;
    change.changed = change.changed || s.base_price != base_price;
    s.base_price = base_price;
  }
  if (!found) return not_found("tier_not_found", "This show's seat map has no price tier '" + std::string(tier) + "'");
  return change;
}

}  // namespace tw::core
