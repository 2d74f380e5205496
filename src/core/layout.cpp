#include "core/layout.h"

#include <cmath>
#include <cstdio>
#include <numbers>
#include <unordered_map>
#include <unordered_set>

namespace tw::core {
namespace {

bool is_section_id(std::string_view id) {
  if (id.empty() || id.size() > 12) return false;
  for (char c : id) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

Status validate_section(const SectionSpec& s) {
  const std::string where = "section '" + s.id + "': ";
  if (!is_section_id(s.id)) return bad_layout(where + "id must be 1-12 letters or digits");
  if (s.name.empty() || s.name.size() > 100) return bad_layout(where + "name must be 1-100 characters");
  if (!is_section_id(s.tier)) return bad_layout(where + "tier must be 1-12 letters or digits");
  if (s.rows < 1 || s.rows > kMaxRowsPerSection) {
    return bad_layout(where + "rows must be 1-" + std::to_string(kMaxRowsPerSection));
  }
  if (s.seats_per_row < 1 || s.seats_per_row > kMaxSeatsPerRow) {
    return bad_layout(where + "seatsPerRow must be 1-" + std::to_string(kMaxSeatsPerRow));
  }
  if (s.base_price <= 0 || s.base_price > kMaxBasePrice) {
    return bad_layout(where + "basePrice must be above 0 and at most " + std::to_string(kMaxBasePrice) +
                      " in the currency's minor unit (100000.00 of a currency with cents)");
  }
  if (std::abs(s.position.x) > kMaxCoordinate || std::abs(s.position.y) > kMaxCoordinate ||
      std::abs(s.position.rotation) > 360) {
    return bad_layout(where + "position x and y must be within 100000 seat widths of the stage, rotation within 360");
  }
  return Ok{};
}

}  // namespace

double round_hundredths(double v) { return std::round(v * 100) / 100; }

Status validate_layout(const Layout& layout) {
  if (layout.name.empty() || layout.name.size() > 100) return bad_layout("name must be 1-100 characters");
  const auto& st = layout.stage;
  if (std::abs(st.x) > kMaxCoordinate || std::abs(st.y) > kMaxCoordinate || st.width < 0 || st.height < 0 ||
      st.width > kMaxCoordinate || st.height > kMaxCoordinate) {
    return bad_layout("stage must lie within 100000 seat widths of the origin, with a size that is not negative");
  }
  if (layout.sections.empty()) return bad_layout("a layout needs at least one section");
  if (layout.sections.size() > kMaxSections) {
    return bad_layout("at most " + std::to_string(kMaxSections) + " sections");
  }
  std::unordered_set<std::string> ids;
  long total = 0;
  for (const auto& s : layout.sections) {
    if (auto st = validate_section(s); !st) return st;
    if (!ids.insert(s.id).second) return bad_layout("section id '" + s.id + "' is used twice");
    total += static_cast<long>(s.rows) * s.seats_per_row;
  }
  if (total > kMaxSeatsPerEvent) {
    return bad_layout("at most " + std::to_string(kMaxSeatsPerEvent) + " seats per venue");
  }
  return Ok{};
}

SeatPoint seat_point(const SectionSpec& s, int row, int number) {
  const double rad = s.position.rotation * std::numbers::pi / 180;
  const double c = std::cos(rad), sn = std::sin(rad);
  return {s.position.x + c * number - sn * row, s.position.y + sn * number + c * row};
}

namespace {

struct PlacedSeat {
  SeatPoint at;
  std::size_t section;
  int row;
  int number;
};

std::string describe(const Layout& l, const PlacedSeat& s) {
  return "seat " + std::to_string(s.number + 1) + " of row " + std::to_string(s.row + 1) + " in section '" +
         l.sections[s.section].id + "'";
}

}  // namespace

// Seats go into a grid of cells one spacing wide, so each is compared only with the seats of
// its own and the eight neighbouring cells: linear in the number of seats.
Status check_seat_spacing(const Layout& layout) {
  std::vector<PlacedSeat> seats;
  for (std::size_t si = 0; si < layout.sections.size(); ++si) {
    const auto& s = layout.sections[si];
    for (int r = 0; r < s.rows; ++r) {
      for (int n = 0; n < s.seats_per_row; ++n) seats.push_back({seat_point(s, r, n), si, r, n});
    }
  }
  const auto cell_of = [](double v) { return static_cast<std::int64_t>(std::floor(v / kMinSeatSpacing)); };
  const auto key = [](std::int64_t cx, std::int64_t cy) { return (cx << 32) ^ (cy & 0xffffffff); };
  std::unordered_map<std::int64_t, std::vector<std::size_t>> grid;
  grid.reserve(seats.size());
  for (std::size_t i = 0; i < seats.size(); ++i) {
    const auto cx = cell_of(seats[i].at.x), cy = cell_of(seats[i].at.y);
    for (std::int64_t dx = -1; dx <= 1; ++dx) {
      for (std::int64_t dy = -1; dy <= 1; ++dy) {
        const auto it = grid.find(key(cx + dx, cy + dy));
        if (it == grid.end()) continue;
        for (std::size_t j : it->second) {
          const double d = std::hypot(seats[i].at.x - seats[j].at.x, seats[i].at.y - seats[j].at.y);
          if (d >= kMinSeatSpacing) continue;
          char distance[32];
          std::snprintf(distance, sizeof distance, "%.2f", d);
          return bad_layout(describe(layout, seats[j]) + " and " + describe(layout, seats[i]) + " are only " +
                            distance + " seat widths apart: sections must not overlap");
        }
      }
    }
    grid[key(cx, cy)].push_back(i);
  }
  return Ok{};
}

}  // namespace tw::core
