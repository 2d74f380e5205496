// Venue layouts as organisers upload them: parsed, validated, checked for overlapping seats,
// built into a seat map and written back; a layout that parses must round-trip exactly.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/layout.h"
#include "core/seat_map.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto layout = tw::core::parse_layout_json(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!layout) {
    if (layout.error().kind != tw::core::ErrorKind::kInvalid) __builtin_trap();
    return 0;
  }
  (void)tw::core::check_seat_spacing(*layout);
  auto map = tw::core::SeatMap::build(*layout);
  if (!map) return 0;
  for (int i = 0; i < map->seat_count(); i += 1 + map->seat_count() / 64) {
    if (map->index_of(map->seat(i).id()) != i) __builtin_trap();
  }
  auto again = tw::core::parse_layout_json(tw::core::layout_to_json(*layout));
  if (!again || !(*again == *layout)) __builtin_trap();
  return 0;
}
