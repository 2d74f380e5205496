#include "core/seat_map.h"

#include <algorithm>
#include <charconv>

#include "core/pricing.h"

namespace tw::core {

std::string row_label(int index) {
  std::string s;
  for (int n = index + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
  return s;
}

std::optional<int> row_index(std::string_view label) {
  if (label.empty() || label.size() > 3) return std::nullopt;
  int n = 0;
  for (char c : label) {
    if (c < 'A' || c > 'Z') return std::nullopt;
    n = n * 26 + (c - 'A' + 1);
  }
  return n - 1;
}

std::string Seat::id() const {
  return section->spec.id + "-" + row->label + "-" + std::to_string(number);
}

Result<SeatMap> SeatMap::build(Layout layout) {
  if (auto st = validate_layout(layout); !st) return std::move(st).take_error();
  SeatMap map;
  int next = 0;
  map.min_price_ = layout.sections.front().base_price;
  for (const auto& spec : layout.sections) {
    SeatSection section{spec, {}, next, spec.rows * spec.seats_per_row};
    for (int r = 0; r < spec.rows; ++r) {
      const int rows_from_back = spec.rows - 1 - r;
      section.rows.push_back({row_label(r), spec.seats_per_row, row_price(spec.base_price, rows_from_back), next});
      next += spec.seats_per_row;
    }
    map.min_price_ = std::min(map.min_price_, spec.base_price);
    map.section_by_id_.emplace(spec.id, static_cast<int>(map.sections_.size()));
    map.sections_.push_back(std::move(section));
  }
  map.seat_count_ = next;
  map.layout_ = std::move(layout);
  return map;
}

std::optional<int> SeatMap::index_of(std::string_view id) const {
  const auto first = id.find('-');
  const auto last = id.rfind('-');
  if (first == std::string_view::npos || first == last) return std::nullopt;
  const auto it = section_by_id_.find(std::string(id.substr(0, first)));
  if (it == section_by_id_.end()) return std::nullopt;
  const auto& section = sections_[it->second];
  const auto row = row_index(id.substr(first + 1, last - first - 1));
  if (!row || *row >= static_cast<int>(section.rows.size())) return std::nullopt;
  const auto num = id.substr(last + 1);
  int number = 0;
  auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), number);
  if (ec != std::errc() || p != num.data() + num.size() || num.front() == '0') return std::nullopt;
  const auto& r = section.rows[*row];
  if (number < 1 || number > r.seats) return std::nullopt;
  return r.first_index + number - 1;
}

std::string SeatMap::label(int index) const {
  const auto s = seat(index);
  return s.section->spec.name + " \u00b7 Row " + s.row->label + " \u00b7 Seat " + std::to_string(s.number);
}

Seat SeatMap::seat(int index) const {
  auto sit = std::upper_bound(sections_.begin(), sections_.end(), index,
                              [](int i, const SeatSection& s) { return i < s.first_index; });
  const SeatSection& section = *(sit - 1);
  const int offset = index - section.first_index;
  const int r = offset / section.spec.seats_per_row;
  return Seat{index, &section, &section.rows[r], offset % section.spec.seats_per_row + 1};
}

std::vector<TierSummary> SeatMap::tiers() const {
  std::vector<TierSummary> out;
  for (const auto& s : sections_) {
    auto it = std::find_if(out.begin(), out.end(), [&](const TierSummary& t) { return t.tier == s.spec.tier; });
    if (it == out.end()) it = out.insert(out.end(), {s.spec.tier, s.rows.front().price, s.rows.front().price, 0});
    for (const auto& r : s.rows) {
      it->min_price = std::min(it->min_price, r.price);
      it->max_price = std::max(it->max_price, r.price);
    }
    it->seats += s.seat_count;
  }
  return out;
}

std::string tier_display_name(std::string tier) {
  for (std::size_t i = 0; i < tier.size(); ++i) {
    if ((i == 0 || tier.size() <= 3) && tier[i] >= 'a' && tier[i] <= 'z') tier[i] = static_cast<char>(tier[i] - 'a' + 'A');
  }
  return tier;
}

}  // namespace tw::core
