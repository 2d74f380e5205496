#include "core/best_seats.h"

#include "core/venue_layouts.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>

namespace tw::core {
namespace {

// A stage centred above a row of `width` seats that starts at x = 0.
Stage stage_above(int width) { return Stage{(width - 1) / 2.0 - 10, -8, 20, 6}; }

// One section of `rows` rows and `seats` seats per row, facing a stage.
SeatMap block(int rows, int seats) {
  return SeatMap::build(Layout{"T", stage_above(seats), {{"S", "S", "std", rows, seats, 10'00, {}}}}).value();
}

std::vector<std::string> ids(const SeatMap& m, const std::optional<std::vector<int>>& seats) {
  std::vector<std::string> out;
  for (int i : seats.value_or(std::vector<int>{})) out.push_back(m.seat(i).id());
  return out;
}

// The definition, seat by seat and row by row with nothing skipped: the reference the search's
// shortcuts (free runs, rows nearest first, stopping once no row can beat the best) must agree
// with. A block's distance is its centre's from the stage's centre.
std::optional<std::vector<int>> reference(const SeatMap& map, std::span<const std::uint8_t> free,
                                          const BestSeatsRequest& r) {
  const auto at = [&](const SeatRow& row, int n) {
    return n >= 1 && n <= row.seats && free[static_cast<std::size_t>(row.first_index + n - 1)];
  };
  const auto& stage = map.layout().stage;
  const double fx = stage.x + stage.width / 2, fy = stage.y + stage.height / 2;
  int first = -1;
  bool best_orphans = true;
  double best_score = std::numeric_limits<double>::infinity();
  for (const auto& section : map.sections()) {
    if ((!r.tier.empty() && section.spec.tier != r.tier) || (!r.section.empty() && section.spec.id != r.section)) {
      continue;
    }
    for (std::size_t ri = 0; ri < section.rows.size(); ++ri) {
      const auto& row = section.rows[ri];
      for (int a = 1; a + r.count - 1 <= row.seats; ++a) {
        bool ok = true;
        for (int n = a; n < a + r.count; ++n) ok = ok && at(row, n);
        if (!ok) continue;
        const bool orphans = (at(row, a - 1) && !at(row, a - 2)) || (at(row, a + r.count) && !at(row, a + r.count + 1));
        const auto p = seat_point(section.spec, static_cast<int>(ri), a - 1);
        const auto q = seat_point(section.spec, static_cast<int>(ri), a + r.count - 2);
        const double score = std::hypot((p.x + q.x) / 2 - fx, (p.y + q.y) / 2 - fy);
        const int index = row.first_index + a - 1;
        const bool better = best_orphans != orphans ? best_orphans
                            : std::abs(score - best_score) > 1e-6 ? score < best_score
                                                                   : index < first;
        if (first < 0 || better) {
          first = index;
          best_orphans = orphans;
          best_score = score;
        }
      }
    }
  }
  if (first < 0) return std::nullopt;
  std::vector<int> out;
  for (int i = 0; i < r.count; ++i) out.push_back(first + i);
  return out;
}

// The states best_seats reads (zero free, nonzero taken) from a list of free seats (1 free).
std::vector<std::uint8_t> states_of(const std::vector<std::uint8_t>& free) {
  std::vector<std::uint8_t> out;
  for (auto f : free) out.push_back(f ? 0 : 2);
  return out;
}

}  // namespace

TEST(BestSeats, PrefersTheFrontRowCentre) {
  auto m = block(3, 10);
  std::vector<std::uint8_t> free(30, 1);
  EXPECT_EQ(ids(m, best_seats(m, states_of(free), {2})), (std::vector<std::string>{"S-A-5", "S-A-6"}));
  EXPECT_EQ(ids(m, best_seats(m, states_of(free), {3})), (std::vector<std::string>{"S-A-4", "S-A-5", "S-A-6"}));
}

TEST(BestSeats, MovesBackWhenTheFrontRowHasNoRoom) {
  auto m = block(2, 4);
  std::vector<std::uint8_t> free = {1, 0, 1, 0, 1, 1, 1, 1};
  // Row A has no two adjacent free seats. In row B the centre pair would strand B-1 and B-4,
  // so an end pair wins.
  EXPECT_EQ(ids(m, best_seats(m, states_of(free), {2})), (std::vector<std::string>{"S-B-1", "S-B-2"}));
}

TEST(BestSeats, AvoidsLeavingASingleOrphanWhenItCan) {
  auto m = block(1, 6);
  // Free: 1 2 3 _ 5 6 (seat 4 taken). Taking 2-3 would strand seat 1; 1-2 or 5-6 strand nothing.
  std::vector<std::uint8_t> free = {1, 1, 1, 0, 1, 1};
  const auto got = ids(m, best_seats(m, states_of(free), {2}));
  EXPECT_TRUE(got == (std::vector<std::string>{"S-A-1", "S-A-2"}) ||
              got == (std::vector<std::string>{"S-A-5", "S-A-6"}))
      << got[0];
}

TEST(BestSeats, TakesAnOrphaningBlockWhenThatIsAllThereIs) {
  auto m = block(1, 3);
  std::vector<std::uint8_t> free = {1, 1, 1};
  EXPECT_EQ(best_seats(m, states_of(free), {2})->size(), 2u);
}

TEST(BestSeats, FiltersByTierAndSection) {
  auto m = SeatMap::build(Layout{"T", stage_above(4), {{"A", "A", "vip", 1, 4, 10'00, {}},
                                                       {"B", "B", "std", 1, 4, 5'00, {0, 2, 0}}}})
               .value();
  std::vector<std::uint8_t> free(8, 1);
  EXPECT_EQ(ids(m, best_seats(m, states_of(free), {2, "std", ""}))[0].substr(0, 2), "B-");
  EXPECT_EQ(ids(m, best_seats(m, states_of(free), {2, "", "A"}))[0].substr(0, 2), "A-");
  EXPECT_FALSE(best_seats(m, states_of(free), {5}).has_value());
  EXPECT_FALSE(best_seats(m, states_of(free), {2, "nope", ""}).has_value());
}

TEST(BestSeats, AgreesWithTheSeatBySeatDefinitionOnRandomMaps) {
  std::mt19937 rng(20261203);
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const std::vector<std::string> tiers = {"vip", "std"};
  for (int round = 0; round < 400; ++round) {
    // Sections side by side and one behind another, around a stage somewhere in front of them.
    Layout layout{"T", Stage{pick(-10, 20) * 1.0, -8, pick(4, 30) * 1.0, 6}, {}};
    const int sections = pick(1, 4);
    double y = 0;
    for (int s = 0; s < sections; ++s) {
      const int rows = pick(1, 6);
      layout.sections.push_back({"S" + std::to_string(s), "S", tiers[static_cast<std::size_t>(pick(0, 1))], rows,
                                 pick(1, 14), 10'00, {pick(-20, 20) * 1.0, y, 0}});
      y += rows + 1;
    }
    const auto map = SeatMap::build(layout).value();
    const int taken_in_100 = pick(0, 95);
    std::vector<std::uint8_t> free(static_cast<std::size_t>(map.seat_count()));
    for (std::size_t i = 0; i < free.size(); ++i) free[i] = pick(0, 99) >= taken_in_100 ? 1 : 0;
    for (int count = 1; count <= 5; ++count) {
      for (const BestSeatsRequest& r : {BestSeatsRequest{count}, BestSeatsRequest{count, "std", ""},
                                        BestSeatsRequest{count, "", "S1"}}) {
        ASSERT_EQ(best_seats(map, states_of(free), r), reference(map, free, r))
            << "round " << round << ", " << count << " seats, tier '" << r.tier << "', section '" << r.section << "'";
      }
    }
  }
}

// Issue 30, item 12: on the empty arena, 2 seats in any tier went to Lower Bowl 2 row A, to the
// side, while all four floor sections were empty; 1 seat went to Floor 1, the leftmost.
TEST(BestSeats, OnTheArenaTheFloorNearestTheStageCentreWins) {
  const auto m = SeatMap::build(arena_layout()).value();
  const std::vector<std::uint8_t> empty(static_cast<std::size_t>(m.seat_count()), 0);
  for (int count : {1, 2, 4}) {
    const auto got = best_seats(m, empty, {count});
    ASSERT_TRUE(got.has_value());
    const auto first = m.seat(got->front());
    EXPECT_EQ(first.section->spec.tier, "floor") << count;
    EXPECT_EQ(first.row->label, "A") << count;
    const auto id = first.section->spec.id;
    EXPECT_TRUE(id == "F2" || id == "F3") << count << " seats: " << m.label(got->front()) << ", not a side section";
  }
  // Asked for the lower bowl: the front row of an end section, the two nearest the stage (the ring
  // is centred on the floor, the stage at its head).
  const auto lower = best_seats(m, empty, {2, "lower", ""});
  ASSERT_TRUE(lower.has_value());
  const auto seat = m.seat(lower->front());
  EXPECT_TRUE(seat.section->spec.id == "L1" || seat.section->spec.id == "L10") << m.label(lower->front());
  EXPECT_EQ(seat.row->label, "A");
}

// Issue 30, item 12: Coldplay (the stadium), 1 seat went to Premium A-13 while VIP row A was free.
TEST(BestSeats, OnTheStadiumTheVipFrontRowCentreWins) {
  const auto m = SeatMap::build(stadium_layout()).value();
  std::vector<std::uint8_t> states(static_cast<std::size_t>(m.seat_count()), 0);
  EXPECT_EQ(ids(m, best_seats(m, states, {1})), (std::vector<std::string>{"VIP-A-11"}));
  EXPECT_EQ(ids(m, best_seats(m, states, {2})), (std::vector<std::string>{"VIP-A-10", "VIP-A-11"}));
  EXPECT_EQ(ids(m, best_seats(m, states, {1, "premium", ""})), (std::vector<std::string>{"PREM-A-13"}));
}

// Issue 30, item 12: a jazz club, 3 seats went to the balcony while rows B and C in front were free.
TEST(BestSeats, InAClubWhoseFrontRowIsTakenTheNextRowsWinOverTheBalcony) {
  const Layout club{"Club", Stage{-6, -7, 12, 4},
                    {{"FRONT", "Front", "front", 3, 12, 60'00, {-6, 0, 0}},
                     {"BAL", "Balcony", "balcony", 2, 16, 30'00, {-8, 6, 0}}}};
  const auto m = SeatMap::build(club).value();
  std::vector<std::uint8_t> states(static_cast<std::size_t>(m.seat_count()), 0);
  for (int n = 0; n < 12; ++n) states[static_cast<std::size_t>(n)] = 2;  // row A sold
  EXPECT_EQ(ids(m, best_seats(m, states, {3})), (std::vector<std::string>{"FRONT-B-6", "FRONT-B-7", "FRONT-B-8"}));
}

}  // namespace tw::core
