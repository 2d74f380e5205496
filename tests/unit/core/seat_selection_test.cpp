#include "core/seat_selection.h"

#include <gtest/gtest.h>

namespace tw::core {
namespace {

// Two sections: F (rows A and B of three seats: indexes 0-5) and B (one row of two: 6-7).
SeatMap hall() {
  Layout layout{"Hall", {}, {}};
  layout.sections.push_back(SectionSpec{"F", "Floor", "ga", 2, 3, 40'00, {}});
  layout.sections.push_back(SectionSpec{"B", "Balcony", "bal", 1, 2, 25'00, {0, 5, 0}});
  auto map = SeatMap::build(layout);
  EXPECT_TRUE(map.ok()) << map.error().message;
  return std::move(map).value();
}

TEST(SeatSelection, NamesSeatsByIdOnceEachInSeatOrder) {
  auto seats = select_seats(hall(), {{"B-A-2", "F-A-1", "B-A-2"}, "", {}}, 10);
  ASSERT_TRUE(seats.ok()) << seats.error().message;
  EXPECT_EQ(*seats, (std::vector<int>{0, 7}));
}

TEST(SeatSelection, NamesAWholeSectionOrSomeOfItsRows) {
  EXPECT_EQ(*select_seats(hall(), {{}, "F", {}}, 10), (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(*select_seats(hall(), {{}, "F", {"B"}}, 10), (std::vector<int>{3, 4, 5}));
  EXPECT_EQ(*select_seats(hall(), {{}, "B", {"A"}}, 10), (std::vector<int>{6, 7}));
}

TEST(SeatSelection, RefusesWhatNamesNoSeatOrTooMany) {
  const auto map = hall();
  const SeatSelection refused[] = {
      {{}, "", {}},              // nothing
      {{"F-C-1"}, "", {}},       // no row C
      {{"F-A-1"}, "F", {}},      // both ways at once
      {{}, "Q", {}},             // no such section
      {{}, "F", {"C"}},          // no such row
      {{}, "", {"A"}},           // rows without their section
  };
  for (const auto& s : refused) {
    auto r = select_seats(map, s, 10);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "invalid_seats");
  }
  EXPECT_FALSE(select_seats(map, {{}, "F", {}}, 5).ok()) << "six seats, five allowed";
  EXPECT_FALSE(select_seats(map, {{"F-A-1", "F-A-2", "F-A-3"}, "", {}}, 2).ok());
}

}  // namespace
}  // namespace tw::core
