#include "core/best_seats.h"

#include <gtest/gtest.h>

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

}  // namespace

TEST(BestSeats, PrefersTheFrontRowCentre) {
  auto m = block(3, 10);
  std::vector<bool> free(30, true);
  EXPECT_EQ(ids(m, best_seats(m, free, {2})), (std::vector<std::string>{"S-A-5", "S-A-6"}));
  EXPECT_EQ(ids(m, best_seats(m, free, {3})), (std::vector<std::string>{"S-A-4", "S-A-5", "S-A-6"}));
}

TEST(BestSeats, MovesBackWhenTheFrontRowHasNoRoom) {
  auto m = block(2, 4);
  std::vector<bool> free = {true, false, true, false, true, true, true, true};
  // Row A has no two adjacent free seats. In row B the centre pair would strand B-1 and B-4,
  // so an end pair wins.
  EXPECT_EQ(ids(m, best_seats(m, free, {2})), (std::vector<std::string>{"S-B-1", "S-B-2"}));
}

TEST(BestSeats, AvoidsLeavingASingleOrphanWhenItCan) {
  auto m = block(1, 6);
  // Free: 1 2 3 _ 5 6 (seat 4 taken). Taking 2-3 would strand seat 1; 1-2 or 5-6 strand nothing.
  std::vector<bool> free = {true, true, true, false, true, true};
  const auto got = ids(m, best_seats(m, free, {2}));
  EXPECT_TRUE(got == (std::vector<std::string>{"S-A-1", "S-A-2"}) ||
              got == (std::vector<std::string>{"S-A-5", "S-A-6"}))
      << got[0];
}

TEST(BestSeats, TakesAnOrphaningBlockWhenThatIsAllThereIs) {
  auto m = block(1, 3);
  std::vector<bool> free = {true, true, true};
  EXPECT_EQ(best_seats(m, free, {2})->size(), 2u);
}

TEST(BestSeats, FiltersByTierAndSection) {
  auto m = SeatMap::build(Layout{"T", {}, {{"A", "A", "vip", 1, 4, 10'00, {}}, {"B", "B", "std", 1, 4, 5'00, {}}}})
               .value();
  std::vector<bool> free(8, true);
  EXPECT_EQ(ids(m, best_seats(m, free, {2, "std", ""}))[0].substr(0, 2), "B-");
  EXPECT_EQ(ids(m, best_seats(m, free, {2, "", "A"}))[0].substr(0, 2), "A-");
  EXPECT_FALSE(best_seats(m, free, {5}).has_value());
  EXPECT_FALSE(best_seats(m, free, {2, "nope", ""}).has_value());
}

}  // namespace tw::core
