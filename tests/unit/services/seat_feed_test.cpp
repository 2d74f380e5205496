#include "services/seat_feed.h"

#include <gtest/gtest.h>

namespace tw::services {
namespace {

using inventory::SeatState;
constexpr auto A = SeatState::kAvailable;
constexpr auto H = SeatState::kHeld;
constexpr auto S = SeatState::kSold;

TEST(DiffSeats, ListsOnlyChangedSeatsInOrderWithTheirNewState) {
  const std::vector<SeatState> before{A, A, H, S, A};
  const std::vector<SeatState> after{H, A, A, S, S};
  const std::vector<SeatChange> expected{{0, H}, {2, A}, {4, S}};
  EXPECT_EQ(diff_seats(before, after), expected);
}

TEST(DiffSeats, NothingChangedIsEmpty) {
  const std::vector<SeatState> same{A, H, S};
  EXPECT_TRUE(diff_seats(same, same).empty());
}

}  // namespace
}  // namespace tw::services
