#pragma once
// Built-in venue layouts organisers can pick by id instead of sending their own.
#include <optional>
#include <string_view>
#include <vector>

#include "core/layout.h"

namespace tw::core {

// The seed's stadium: VIP Floor 3x20 at 500, Premium 5x25 at 300, Standard 10x30 at 150,
// Economy 8x35 at 75 - 765 seats.
Layout stadium_layout();
// An arena bowl of 22,100 seats: floor, lower and upper rings around an end stage.
Layout arena_layout();

// "stadium" or "arena"; nullopt for other names.
std::optional<Layout> builtin_layout(std::string_view id);
std::vector<std::string_view> builtin_layout_ids();

}  // namespace tw::core
