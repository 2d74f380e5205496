#include "core/seat_selection.h"

#include <algorithm>

namespace tw::core {
namespace {

Error bad_seats(std::string message) { return invalid("invalid_seats", std::move(message)); }

// `"what" rest`, with what cut to `max` bytes. Built by appends: g++ 12 sees false overlaps
// (-Wrestrict) in concatenations of a literal with a substring.
std::string quoted(std::string_view what, std::size_t max, std::string_view rest) {
  std::string out;
  out.reserve(what.size() + rest.size() + 2);
  out.append(1, '"').append(what.substr(0, max)).append(1, '"').append(rest);
  return out;
}

Result<std::vector<int>> by_id(const SeatMap& map, const std::vector<std::string>& ids) {
  std::vector<int> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    auto index = map.index_of(id);
    if (!index) return bad_seats(quoted(id, 40, " is not a seat of this show"));
    out.push_back(*index);
  }
  return out;
}

Result<std::vector<int>> by_section(const SeatMap& map, const SeatSelection& s) {
  const auto& sections = map.sections();
  auto section = std::find_if(sections.begin(), sections.end(), [&](const SeatSection& x) { return x.spec.id == s.section; });
  if (section == sections.end()) return bad_seats(quoted(s.section, 40, " is not a section of this show"));
  std::vector<const SeatRow*> rows;
  for (const auto& label : s.rows) {
    auto row = std::find_if(section->rows.begin(), section->rows.end(), [&](const SeatRow& r) { return r.label == label; });
    if (row == section->rows.end()) {
      std::string message("Section ");
      message.append(section->spec.id).append(" has no row ").append(quoted(label, 10, ""));
      return bad_seats(std::move(message));
    }
    rows.push_back(&*row);
  }
  if (s.rows.empty()) {
    for (const auto& r : section->rows) rows.push_back(&r);
  }
  std::vector<int> out;
  for (const auto* r : rows) {
    for (int i = 0; i < r->seats; ++i) out.push_back(r->first_index + i);
  }
  return out;
}

}  // namespace

Result<std::vector<int>> select_seats(const SeatMap& map, const SeatSelection& selection, int max_seats) {
  if (!selection.seat_ids.empty() && !selection.section.empty()) {
    return bad_seats("Name seats either by id or by section and rows, not both");
  }
  if (selection.seat_ids.empty() && selection.section.empty()) return bad_seats("Name the seats: seat ids or a section");
  if (!selection.rows.empty() && selection.section.empty()) return bad_seats("Rows need their section");
  const auto too_many = [&](std::size_t n) {
    return bad_seats("At most " + std::to_string(max_seats) + " seats at once; that names " + std::to_string(n));
  };
  if (static_cast<int>(selection.seat_ids.size()) > max_seats) return too_many(selection.seat_ids.size());
  auto seats = selection.section.empty() ? by_id(map, selection.seat_ids) : by_section(map, selection);
  if (!seats) return seats;
  std::sort(seats->begin(), seats->end());
  seats->erase(std::unique(seats->begin(), seats->end()), seats->end());
  if (static_cast<int>(seats->size()) > max_seats) return too_many(seats->size());
  return seats;
}

}  // namespace tw::core
