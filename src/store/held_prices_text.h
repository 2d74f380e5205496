#pragma once
// A hold's seat prices as both adapters keep them: cents, comma-separated, in one text column
// ("" for a hold recorded before holds kept their prices).
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"

namespace tw::store {

std::string held_prices_to_text(const std::vector<core::Cents>& prices);
// The prices of a stored list; empty for text that is not one (never written by us).
std::vector<core::Cents> held_prices_from_text(std::string_view text);

}  // namespace tw::store
