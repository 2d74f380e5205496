#pragma once
// The seats of one event, derived from its layout. Seats are numbered 0..seat_count()-1 in
// layout order (section, then row from the front, then seat number); that index is what the
// inventory and the compact availability format use. Seat ids are "SECTION-ROW-NUMBER"
// ("VIP-A-1"), as in the seed. Rows are lettered from the stage: A, B, ... Z, AA, AB, ...
// Immutable after build; safe to share between threads.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/layout.h"

namespace tw::core {

struct SeatRow {
  std::string label;  // "A" is nearest the stage
  int seats = 0;
  Cents price = 0;
  int first_index = 0;
};

struct SeatSection {
  SectionSpec spec;
  std::vector<SeatRow> rows;
  int first_index = 0;
  int seat_count = 0;
};

struct Seat {
  int index = 0;
  const SeatSection* section = nullptr;
  const SeatRow* row = nullptr;
  int number = 0;  // 1-based within the row
  std::string id() const;
};

struct TierSummary {
  std::string tier;
  Cents min_price = 0;
  Cents max_price = 0;
  int seats = 0;
};

class SeatMap {
 public:
  static Result<SeatMap> build(Layout layout);

  const Layout& layout() const { return layout_; }
  const std::vector<SeatSection>& sections() const { return sections_; }
  int seat_count() const { return seat_count_; }
  Cents min_price() const { return min_price_; }

  // Index of a seat id, or nullopt for an id that names no seat of this map.
  std::optional<int> index_of(std::string_view seat_id) const;
  // Precondition: 0 <= index < seat_count().
  Seat seat(int index) const;
  // "VIP Floor · Row A · Seat 12": the seat as people read it.
  std::string label(int index) const;
  // Tiers in order of first appearance in the layout.
  std::vector<TierSummary> tiers() const;

 private:
  Layout layout_;
  std::vector<SeatSection> sections_;
  std::unordered_map<std::string, int> section_by_id_;
  int seat_count_ = 0;
  Cents min_price_ = 0;
};

// A tier as people read it: "vip" -> "VIP", "premium" -> "Premium" (short ids read as acronyms).
std::string tier_display_name(std::string tier);

// Spreadsheet-style row letters: 0 -> "A", 25 -> "Z", 26 -> "AA".
std::string row_label(int index_from_front);
// The inverse; nullopt unless `label` is upper-case letters only.
std::optional<int> row_index(std::string_view label);

}  // namespace tw::core
