#include "core/best_seats.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tw::core {
namespace {

// Scores within this of each other are a tie, settled by the lower seat index (a layout that is
// symmetric about the stage has blocks at exactly the same distance on either side).
constexpr double kTie = 1e-6;

struct Point {
  double x = 0, y = 0;
};

Point at(const SeatSection& section, std::size_t row, int number) {
  const auto p = seat_point(section.spec, static_cast<int>(row), number - 1);
  return {p.x, p.y};
}

double distance(Point a, Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

// The distance from `p` to the nearest point of the segment [a, b].
double distance_to_segment(Point p, Point a, Point b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double length2 = dx * dx + dy * dy;
  const double t = length2 == 0 ? 0 : std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0, 1.0);
  return distance(p, {a.x + t * dx, a.y + t * dy});
}

struct Candidate {
  int first = -1;
  bool orphans = true;
  double score = std::numeric_limits<double>::infinity();

  bool worse_than(bool other_orphans, double other_score, int other_first) const {
    if (orphans != other_orphans) return orphans;
    if (std::abs(score - other_score) > kTie) return other_score < score;
    return other_first < first;
  }
};

// A row of a matching section, with the least distance any block of it can have.
struct RowRef {
  const SeatSection* section;
  std::size_t index;
  double bound;
};

bool matches(const SeatSection& section, const BestSeatsRequest& r) {
  return (r.tier.empty() || section.spec.tier == r.tier) && (r.section.empty() || section.spec.id == r.section);
}

// Offers every block of `count` seats inside the run of free seats [s, e] (seat numbers, 1-based)
// of the row. A block leaves an orphan when exactly one free seat remains between it and either
// end of its run: that is, when it starts one seat into the run or ends one seat before its end.
void offer_run(Candidate& best, const RowRef& ref, Point focus, int s, int e, int count) {
  const auto& row = ref.section->rows[ref.index];
  for (int a = s; a + count - 1 <= e; ++a) {
    const bool orphans = a == s + 1 || a + count == e;
    const Point first = at(*ref.section, ref.index, a), last = at(*ref.section, ref.index, a + count - 1);
    const double score = distance(focus, {(first.x + last.x) / 2, (first.y + last.y) / 2});
    const int index = row.first_index + a - 1;
    if (best.worse_than(orphans, score, index)) best = {index, orphans, score};
  }
}

void offer_row(Candidate& best, std::span<const std::uint8_t> states, const RowRef& ref, Point focus, int count) {
  const auto& row = ref.section->rows[ref.index];
  for (int n = 1; n <= row.seats;) {
    if (states[static_cast<std::size_t>(row.first_index + n - 1)] != 0) {
      ++n;
      continue;
    }
    const int s = n;
    while (n <= row.seats && states[static_cast<std::size_t>(row.first_index + n - 1)] == 0) ++n;
    if (n - s >= count) offer_run(best, ref, focus, s, n - 1, count);
  }
}

}  // namespace


std::optional<std::vector<int>> best_seats(const SeatMap& map, std::span<const std::uint8_t> states,
                                           const BestSeatsRequest& r) {
  if (r.count < 1) return std::nullopt;
  const auto& stage = map.layout().stage;
  const Point focus{stage.x + stage.width / 2, stage.y + stage.height / 2};
  std::vector<RowRef> rows;
  for (const auto& section : map.sections()) {
    if (!matches(section, r)) continue;
    for (std::size_t ri = 0; ri < section.rows.size(); ++ri) {
      if (section.rows[ri].seats < r.count) continue;
      const auto bound = distance_to_segment(focus, at(section, ri, 1), at(section, ri, section.rows[ri].seats));
      rows.push_back({&section, ri, bound});
    }
  }
  // Nearest rows first, so the search stops once no row further out could beat a block that
  // strands nobody (in a sale's early minutes that is the first rows, not the whole map).
  std::sort(rows.begin(), rows.end(), [](const RowRef& a, const RowRef& b) { return a.bound < b.bound; });
  Candidate best;
  for (const auto& ref : rows) {
    if (best.first >= 0 && !best.orphans && ref.bound > best.score + kTie) break;
    offer_row(best, states, ref, focus, r.count);
  }
  if (best.first < 0) return std::nullopt;
  std::vector<int> out;
  for (int i = 0; i < r.count; ++i) out.push_back(best.first + i);
  return out;
}

}  // namespace tw::core
