#include "core/best_seats.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace tw::core {
namespace {

// Rows further back score at least this much more, so the nearest row always wins.
constexpr long kRowWeight = 100'000;

struct Candidate {
  int first = -1;
  bool orphans = true;
  long score = std::numeric_limits<long>::max();
};

bool matches(const SeatSection& section, const BestSeatsRequest& r) {
  return (r.tier.empty() || section.spec.tier == r.tier) && (r.section.empty() || section.spec.id == r.section);
}

// Offers every block of `count` seats inside the run of free seats [s, e] (seat numbers, 1-based)
// of row `ri`. A block leaves an orphan when exactly one free seat remains between it and either
// end of its run: that is, when it starts one seat into the run or ends one seat before its end.
void offer_run(Candidate& best, const SeatRow& row, std::size_t ri, int s, int e, int count) {
  for (int a = s; a + count - 1 <= e; ++a) {
    const bool orphans = a == s + 1 || a + count == e;
    const long centre_offset = std::labs(2L * a + count - 1 - (row.seats + 1));
    const long score = static_cast<long>(ri) * kRowWeight + centre_offset;
    if ((best.orphans && !orphans) || (orphans == best.orphans && score < best.score)) {
      best = {row.first_index + a - 1, orphans, score};
    }
  }
}

void offer_row(Candidate& best, std::span<const std::uint8_t> states, const SeatRow& row, std::size_t ri, int count) {
  for (int n = 1; n <= row.seats;) {
    if (states[static_cast<std::size_t>(row.first_index + n - 1)] != 0) {
      ++n;
      continue;
    }
    const int s = n;
    while (n <= row.seats && states[static_cast<std::size_t>(row.first_index + n - 1)] == 0) ++n;
    if (n - s >= count) offer_run(best, row, ri, s, n - 1, count);
  }
}

}  // namespace

std::optional<std::vector<int>> best_seats(const SeatMap& map, std::span<const std::uint8_t> states,
                                           const BestSeatsRequest& r) {
  if (r.count < 1) return std::nullopt;
  std::size_t levels = 0;
  for (const auto& section : map.sections()) {
    if (matches(section, r)) levels = std::max(levels, section.rows.size());
  }
  Candidate best;
  // Row by row from the stage, across every matching section, so the nearest row anywhere wins
  // and the search stops once no row further back could beat a block that strands nobody (in a
  // sale's early minutes that is the first rows, not the whole map).
  for (std::size_t ri = 0; ri < levels; ++ri) {
    for (const auto& section : map.sections()) {
      if (ri < section.rows.size() && matches(section, r)) offer_row(best, states, section.rows[ri], ri, r.count);
    }
    if (best.first >= 0 && !best.orphans && static_cast<long>(ri + 1) * kRowWeight >= best.score) break;
  }
  if (best.first < 0) return std::nullopt;
  std::vector<int> out;
  for (int i = 0; i < r.count; ++i) out.push_back(best.first + i);
  return out;
}

}  // namespace tw::core
