#include "core/seat_map.h"

#include <gtest/gtest.h>

#include <set>

#include "core/venue_layouts.h"

namespace tw::core {

TEST(SeatMap, StadiumHasTheSeedsSectionsAndPrices) {
  auto map = SeatMap::build(stadium_layout());
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(map->seat_count(), 765);
  EXPECT_EQ(map->min_price(), 75'00);
  const auto tiers = map->tiers();
  ASSERT_EQ(tiers.size(), 4u);
  EXPECT_EQ(tiers[0].tier, "vip");
  EXPECT_EQ(tiers[0].seats, 60);
  EXPECT_EQ(tiers[0].max_price, 600'00);  // front row: 500 x 1.2
  EXPECT_EQ(tiers[0].min_price, 500'00);  // back row
  EXPECT_EQ(tiers[3].tier, "economy");
  EXPECT_EQ(tiers[3].max_price, 127'50);  // 75 x 1.7
}

TEST(SeatMap, SeatIdsRoundTripThroughIndexes) {
  auto map = SeatMap::build(arena_layout());
  ASSERT_TRUE(map.ok());
  EXPECT_GE(map->seat_count(), 20000);
  std::set<std::string> ids;
  for (int i = 0; i < map->seat_count(); ++i) {
    const auto seat = map->seat(i);
    const auto id = seat.id();
    ASSERT_TRUE(ids.insert(id).second) << "duplicate " << id;
    ASSERT_EQ(map->index_of(id), i) << id;
  }
}

TEST(SeatMap, FirstSeatsAreNamedLikeTheSeed) {
  auto map = SeatMap::build(stadium_layout());
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(map->seat(0).id(), "VIP-A-1");
  EXPECT_EQ(map->seat(19).id(), "VIP-A-20");
  EXPECT_EQ(map->seat(20).id(), "VIP-B-1");
  EXPECT_EQ(map->seat(60).id(), "PREM-A-1");
  EXPECT_EQ(map->seat(764).id(), "ECO-H-35");
  EXPECT_EQ(map->seat(0).row->price, 600'00);
}

TEST(SeatMap, UnknownSeatIdsAreRejected) {
  auto map = SeatMap::build(stadium_layout());
  ASSERT_TRUE(map.ok());
  for (const char* id : {"", "VIP", "VIP-A", "VIP-A-0", "VIP-A-21", "VIP-D-1", "NOPE-A-1", "VIP-a-1", "VIP-A-01",
                         "VIP-A-1x", "VIP--1", "VIP-A-99999999999"}) {
    EXPECT_FALSE(map->index_of(id).has_value()) << id;
  }
}

TEST(SeatMap, RowLabelsGoPastZ) {
  EXPECT_EQ(row_label(0), "A");
  EXPECT_EQ(row_label(25), "Z");
  EXPECT_EQ(row_label(26), "AA");
  EXPECT_EQ(row_label(99), "CV");
  for (int i = 0; i < 100; ++i) EXPECT_EQ(row_index(row_label(i)), i);
  EXPECT_FALSE(row_index("a").has_value());
}

TEST(SeatMap, RefusesInvalidLayouts) {
  Layout l = stadium_layout();
  l.sections[1].id = l.sections[0].id;
  EXPECT_FALSE(SeatMap::build(l).ok());
  l = stadium_layout();
  l.sections[0].rows = 0;
  EXPECT_FALSE(SeatMap::build(l).ok());
  l = stadium_layout();
  l.sections.clear();
  EXPECT_FALSE(SeatMap::build(l).ok());
  l = stadium_layout();
  l.sections[0].id = "VIP-1";  // '-' would break seat ids
  EXPECT_FALSE(SeatMap::build(l).ok());
  l = stadium_layout();
  l.sections[0].base_price = 0;
  EXPECT_FALSE(SeatMap::build(l).ok());
}

TEST(SeatMap, RefusesVenuesAboveTheSeatLimit) {
  Layout l{"Huge", {}, {}};
  for (int i = 0; i < 6; ++i) l.sections.push_back({"S" + std::to_string(i), "S", "std", 100, 200, 10'00, {}});
  auto map = SeatMap::build(l);
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(map.error().code, "invalid_layout");
}

}  // namespace tw::core
