#include "core/best_seats.h"

#include <cstdlib>
#include <limits>

namespace tw::core {
namespace {

struct Candidate {
  int first = -1;
  bool orphans = true;
  long score = std::numeric_limits<long>::max();
};

bool free_at(const std::vector<bool>& available, const SeatRow& row, int n) {
  return n >= 1 && n <= row.seats && available[static_cast<std::size_t>(row.first_index + n - 1)];
}

// A block [a, a+count) leaves an orphan when exactly one free seat sits between it and the
// row's end or the next taken seat, on either side.
bool leaves_orphan(const std::vector<bool>& available, const SeatRow& row, int a, int count) {
  const int before = a - 1, after = a + count;
  const bool orphan_before = free_at(available, row, before) && !free_at(available, row, before - 1);
  const bool orphan_after = free_at(available, row, after) && !free_at(available, row, after + 1);
  return orphan_before || orphan_after;
}

}  // namespace

std::optional<std::vector<int>> best_seats(const SeatMap& map, const std::vector<bool>& available,
                                           const BestSeatsRequest& r) {
  if (r.count < 1) return std::nullopt;
  Candidate best;
  // Distance from the stage first (row index), then from the row's centre; rows of every
  // matching section compete, so the nearest row anywhere wins.
  for (const auto& section : map.sections()) {
    if ((!r.tier.empty() && section.spec.tier != r.tier) || (!r.section.empty() && section.spec.id != r.section)) {
      continue;
    }
    for (std::size_t ri = 0; ri < section.rows.size(); ++ri) {
      const auto& row = section.rows[ri];
      for (int a = 1; a + r.count - 1 <= row.seats; ++a) {
        bool ok = true;
        for (int n = a; n < a + r.count && ok; ++n) ok = free_at(available, row, n);
        if (!ok) continue;
        const bool orphans = leaves_orphan(available, row, a, r.count);
        const long centre_offset = std::labs(2L * a + r.count - 1 - (row.seats + 1));
        const long score = static_cast<long>(ri) * 100'000 + centre_offset;
        if ((best.orphans && !orphans) || (orphans == best.orphans && score < best.score)) {
          best = {row.first_index + a - 1, orphans, score};
        }
      }
    }
  }
  if (best.first < 0) return std::nullopt;
  std::vector<int> out;
  for (int i = 0; i < r.count; ++i) out.push_back(best.first + i);
  return out;
}

}  // namespace tw::core
