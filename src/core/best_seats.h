#pragma once
// "Best available": the seats a box office would offer for N people. Pure function over the
// seat map and a snapshot of seat states.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/seat_map.h"

namespace tw::core {

struct BestSeatsRequest {
  int count = 2;
  std::string tier;     // empty = any tier
  std::string section;  // empty = any section
};

// `states[i]` is zero when seat i is free and nonzero when it is taken, a byte a seat: the
// inventory's seat states as they are, read in place (a 100,000-seat event's best-available
// holds had spent more time converting them than searching). Returns `count` adjacent seats in
// one row: the block whose centre is nearest the centre of the stage, as the layout places them,
// over every section of the tier asked for (over all of them for any tier: the best seats are the
// nearest, whatever their tier). So the front rows win, and within them the seats facing the
// stage's middle; a side section's front row loses to a central one a few rows back. A block that
// would leave a single empty seat stranded beside it is taken only when no other block exists.
// Equally near blocks (a symmetric venue) go to the lower seat index. nullopt when no row of the
// chosen tier/section has `count` adjacent free seats.
std::optional<std::vector<int>> best_seats(const SeatMap& map, std::span<const std::uint8_t> states,
                                           const BestSeatsRequest& request);

}  // namespace tw::core
