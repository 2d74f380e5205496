#pragma once
// Built-in venue layouts organisers can pick by id instead of sending their own.
#include <optional>
#include <string_view>
#include <vector>

#include "core/currency.h"
#include "core/layout.h"

namespace tw::core {

// The seed's stadium: VIP Floor 3x20 at 500, Premium 5x25 at 300, Standard 10x30 at 150,
// Economy 8x35 at 75 - 765 seats.
Layout stadium_layout();
// An arena bowl of 22,100 seats: floor, lower and upper rings around an end stage.
Layout arena_layout();

// The layout with its prices in `c`: each back-row price (in cents of the built-in layouts)
// becomes `per_dollar` major units of `c` per dollar, so the stadium's VIP 500 is GBP 500.00 at
// 1 and KRW 750,000 at 1500. Exchange rates are the organiser's business, not the platform's:
// the demo data and built-in layouts only need prices that read sensibly.
Layout priced_in(Layout layout, const Currency& c, int per_dollar = 1);

// "stadium" or "arena"; nullopt for other names.
std::optional<Layout> builtin_layout(std::string_view id);
std::vector<std::string_view> builtin_layout_ids();

}  // namespace tw::core
