#include "core/venue_layouts.h"

#include <cmath>
#include <numbers>
#include <string>

namespace tw::core {
namespace {

// "F" and 3 make "F3". Appended rather than added: g++ 12 at -O2 and above warns falsely
// (-Wrestrict, -Wstringop-overflow) about `"F" + std::to_string(i)`, some 200 lines of it.
std::string numbered(std::string prefix, int n) {
  prefix += std::to_string(n);
  return prefix;
}

// Sections in one centred block each, front to back, facing a stage above them.
Layout stacked(std::string name, std::vector<SectionSpec> sections) {
  Layout l{std::move(name), Stage{-15, -8, 30, 6}, std::move(sections)};
  double y = 0;
  for (auto& s : l.sections) {
    s.position = {-s.seats_per_row / 2.0, y, 0};
    y += s.rows + 2;
  }
  return l;
}

// `count` sections of one size on an arc of radius `radius` around the stage, spread over
// `spread` degrees; rows run away from the stage.
void add_ring(Layout& l, const std::string& prefix, const std::string& tier, const std::string& display, int count,
              int rows, int seats, Cents price, double radius, double spread) {
  for (int i = 0; i < count; ++i) {
    const double deg = count == 1 ? 0 : -spread / 2 + spread * i / (count - 1);
    const double th = deg * std::numbers::pi / 180;
    // Front-row centre on the arc, then back off half a row along the row direction.
    const double cx = radius * std::sin(th), cy = radius * std::cos(th);
    const double half = seats / 2.0;
    Placement p{round_hundredths(cx - half * std::cos(th)), round_hundredths(cy + half * std::sin(th)),
                round_hundredths(-deg)};
    l.sections.push_back({numbered(prefix, i + 1), numbered(display + " ", i + 1), tier, rows, seats, price, p});
  }
}

}  // namespace

Layout stadium_layout() {
  return stacked("Stadium", {
                                {"VIP", "VIP Floor", "vip", 3, 20, 500'00, {}},
                                {"PREM", "Premium", "premium", 5, 25, 300'00, {}},
                                {"STD", "Standard", "standard", 10, 30, 150'00, {}},
                                {"ECO", "Economy", "economy", 8, 35, 75'00, {}},
                            });
}

Layout arena_layout() {
  Layout l{"Arena", Stage{-20, -12, 40, 8}, {}};
  for (int i = 0; i < 4; ++i) {
    l.sections.push_back({numbered("F", i + 1), numbered("Floor ", i + 1), "floor", 20, 25, 250'00,
                          Placement{-54.0 + i * 27.0, 0, 0}});
  }
  // Radii wide enough that neighbouring sections of a ring stay apart at their front rows
  // (the closest point), with the upper bowl behind the lower bowl's last row: no two seats of
  // the venue closer than a seat width (core::check_seat_spacing; tested for every layout).
  add_ring(l, "L", "lower", "Lower Bowl", 10, 25, 30, 150'00, 108, 150);
  add_ring(l, "U", "upper", "Upper Bowl", 12, 30, 35, 80'00, 144, 160);
  return l;
}

Layout priced_in(Layout layout, const Currency& c, int per_dollar) {
  Cents scale = per_dollar;
  for (int i = 0; i < c.digits; ++i) scale *= 10;
  for (auto& s : layout.sections) s.base_price = s.base_price * scale / 100;
  return layout;
}

std::optional<Layout> builtin_layout(std::string_view id) {
  if (id == "stadium") return stadium_layout();
  if (id == "arena") return arena_layout();
  return std::nullopt;
}

std::vector<std::string_view> builtin_layout_ids() { return {"stadium", "arena"}; }

}  // namespace tw::core
