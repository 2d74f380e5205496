#include "core/best_seats.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>
#include <random>

namespace tw::core {
namespace {

// One section of `rows` rows and `seats` seats per row.
SeatMap block(int rows, int seats) {
  return SeatMap::build(Layout{"T", {}, {{"S", "S", "std", rows, seats, 10'00, {}}}}).value();
}

std::vector<std::string> ids(const SeatMap& m, const std::optional<std::vector<int>>& seats) {
  std::vector<std::string> out;
  for (int i : seats.value_or(std::vector<int>{})) out.push_back(m.seat(i).id());
  return out;
}

// The definition, seat by seat and row by row with nothing skipped: the reference the search's
// shortcuts (free runs, stopping at the first row that cannot be beaten) must agree with.
std::optional<std::vector<int>> reference(const SeatMap& map, std::span<const std::uint8_t> free,
                                          const BestSeatsRequest& r) {
  const auto at = [&](const SeatRow& row, int n) {
    return n >= 1 && n <= row.seats && free[static_cast<std::size_t>(row.first_index + n - 1)];
  };
  int first = -1;
  bool best_orphans = true;
  long best_score = std::numeric_limits<long>::max();
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
        const long score = static_cast<long>(ri) * 100'000 + std::labs(2L * a + r.count - 1 - (row.seats + 1));
        if ((best_orphans && !orphans) || (orphans == best_orphans && score < best_score)) {
          first = row.first_index + a - 1;
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
  auto m = SeatMap::build(Layout{"T", {}, {{"A", "A", "vip", 1, 4, 10'00, {}}, {"B", "B", "std", 1, 4, 5'00, {}}}})
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
    Layout layout{"T", {}, {}};
    const int sections = pick(1, 4);
    for (int s = 0; s < sections; ++s) {
      layout.sections.push_back({"S" + std::to_string(s), "S", tiers[static_cast<std::size_t>(pick(0, 1))],
                                 pick(1, 6), pick(1, 14), 10'00, {}});
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

}  // namespace tw::core
