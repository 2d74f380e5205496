#include "api/catalog_json.h"

#include <gtest/gtest.h>

#include "core/venue_layouts.h"

namespace tw::api {

TEST(Cursor, RoundTrips) {
  core::EventCursor c{1812997800, 42};
  auto back = decode_cursor(encode_cursor(c));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->starts_utc, c.starts_utc);
  EXPECT_EQ(back->id, c.id);
}

TEST(Cursor, RejectsTampering) {
  for (const std::string& s : std::vector<std::string>{"", "!!!", "MTIz", "MTIzOg", "OjQy", "MTIzOjQy!", std::string(100, 'A')}) {
    EXPECT_FALSE(decode_cursor(s).has_value()) << s;
  }
}

TEST(SeatMapJson, ListsRowsWithPricesInCents) {
  auto map = core::SeatMap::build(core::stadium_layout());
  ASSERT_TRUE(map.ok());
  const auto json = seat_map_json(*map, "USD");
  EXPECT_NE(json.find("\"seatCount\":765"), std::string::npos);
  EXPECT_NE(json.find(R"({"label":"A","seats":20,"priceCents":60000,"firstIndex":0})"), std::string::npos);
}

}  // namespace tw::api
