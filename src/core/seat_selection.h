#pragma once
// Seats named the ways organisers name them: a list of seat ids ("FLOOR-A-1"), or a whole
// section, or some rows of one.
#include <string>
#include <vector>

#include "core/result.h"
#include "core/seat_map.h"

namespace tw::core {

struct SeatSelection {
  std::vector<std::string> seat_ids;
  std::string section;            // a section id; with no seat ids
  std::vector<std::string> rows;  // row labels of `section`; none: all its rows
};

// The seat indexes named, ascending, each once. kInvalid "invalid_seats" naming the first thing
// that names no seat of the map, or when nothing or more than `max_seats` seats are named.
Result<std::vector<int>> select_seats(const SeatMap& map, const SeatSelection& selection, int max_seats);

}  // namespace tw::core
