#include "core/layout.h"

#include <cmath>
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

Error bad_layout(std::string message) { return invalid("invalid_layout", std::move(message)); }

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
    return bad_layout(where + "basePrice must be above 0 and at most " + format_money(kMaxBasePrice));
  }
  return Ok{};
}

}  // namespace

double round_hundredths(double v) { return std::round(v * 100) / 100; }

Status validate_layout(const Layout& layout) {
  if (layout.name.empty() || layout.name.size() > 100) return bad_layout("name must be 1-100 characters");
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

}  // namespace tw::core
