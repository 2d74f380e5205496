#include <gtest/gtest.h>

#include "core/layout.h"
#include "core/venue_layouts.h"

namespace tw::core {

TEST(LayoutJson, RoundTripsBuiltInLayouts) {
  for (const auto& layout : {stadium_layout(), arena_layout()}) {
    auto parsed = parse_layout_json(layout_to_json(layout));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(*parsed, layout);
  }
}

TEST(LayoutJson, ReadsAnOrganisersLayout) {
  auto l = parse_layout_json(R"({"name":"Club","sections":[
      {"id":"GA","name":"Balcony","tier":"std","rows":2,"seatsPerRow":10,"basePrice":49.99,
       "position":{"x":1,"y":2,"rotation":15}}]})");
  ASSERT_TRUE(l.ok()) << l.error().message;
  ASSERT_EQ(l->sections.size(), 1u);
  EXPECT_EQ(l->sections[0].base_price, 49'99);
  EXPECT_EQ(l->sections[0].position.rotation, 15);
}

TEST(LayoutJson, ExplainsWhatIsWrong) {
  struct Case {
    const char* json;
    const char* says;
  } cases[] = {
      {"not json", "not valid JSON"},
      {"[]", "must be a JSON object"},
      {R"({"name":"x"})", "sections must be an array"},
      {R"({"name":"x","sections":[]})", "at least one section"},
      {R"({"name":"x","sections":[{"id":"A","name":"A","tier":"t","rows":"3","seatsPerRow":1,"basePrice":1}]})",
       "rows must be a number"},
      {R"({"name":"x","sections":[{"id":"A","name":"A","tier":"t","rows":1.5,"seatsPerRow":1,"basePrice":1}]})",
       "whole number"},
      {R"({"name":"x","sections":[{"id":"A","name":"A","tier":"t","rows":1,"seatsPerRow":1,"basePrice":-5}]})",
       "basePrice"},
      {R"({"name":"x","sections":[{"id":"A","name":"A","tier":"t","rows":1000,"seatsPerRow":1,"basePrice":1}]})",
       "rows must be 1-100"},
  };
  for (const auto& c : cases) {
    auto l = parse_layout_json(c.json);
    ASSERT_FALSE(l.ok()) << c.json;
    EXPECT_EQ(l.error().code, "invalid_layout");
    EXPECT_NE(l.error().message.find(c.says), std::string::npos) << l.error().message;
  }
}

TEST(VenueLayouts, BuiltInsAreKnownByName) {
  EXPECT_TRUE(builtin_layout("stadium").has_value());
  EXPECT_TRUE(builtin_layout("arena").has_value());
  EXPECT_FALSE(builtin_layout("moon").has_value());
}

}  // namespace tw::core

#include "core/venue_layouts.h"

namespace tw::core {

// Issue 15, problem 1: neighbouring sections of the arena were drawn on top of each other, and
// a click on the centre of L1-A-25 picked L2-A-7.
TEST(SeatSpacing, NoTwoSeatsOfABuiltInVenueOverlap) {
  for (auto id : builtin_layout_ids()) {
    const auto layout = builtin_layout(id).value();
    EXPECT_TRUE(check_seat_spacing(layout).ok()) << id << ": " << check_seat_spacing(layout).error().message;
    // A click lands on the seat whose centre is nearest; it is the seat itself when no other is
    // within half a seat width of that centre (the drawn circles are at most that wide).
    int seats = 0;
    for (const auto& s : layout.sections) seats += s.rows * s.seats_per_row;
    EXPECT_GT(seats, 700) << id;
  }
}

TEST(SeatSpacing, SeatPointsFollowTheSectionsRotation) {
  SectionSpec s{"A", "A", "t", 2, 3, 1'00, {10, 20, 90}};
  const auto first = seat_point(s, 0, 0), along = seat_point(s, 0, 1), back = seat_point(s, 1, 0);
  EXPECT_NEAR(first.x, 10, 1e-9);
  EXPECT_NEAR(first.y, 20, 1e-9);
  EXPECT_NEAR(along.x, 10, 1e-9);  // rotated 90° clockwise: a row runs down the page
  EXPECT_NEAR(along.y, 21, 1e-9);
  EXPECT_NEAR(back.x, 9, 1e-9);    // and rows go to the left
  EXPECT_NEAR(back.y, 20, 1e-9);
}

TEST(SeatSpacing, OverlappingSectionsAreRefusedWithTheReason) {
  Layout l{"Clash", {}, {{"A", "A", "t", 2, 10, 1'00, {0, 0, 0}}, {"B", "B", "t", 2, 10, 1'00, {5.5, 1.2, 0}}}};
  const auto st = check_seat_spacing(l);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "invalid_layout");
  EXPECT_NE(st.error().message.find("section 'A'"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("section 'B'"), std::string::npos) << st.error().message;
  l.sections[1].position = {0, 3, 0};
  EXPECT_TRUE(check_seat_spacing(l).ok()) << "a row's gap is fine";
}

}  // namespace tw::core

namespace tw::core {

// Found by the layout_json fuzzer: a position of -2.6e43 seat widths overflowed the seat-spacing
// grid (undefined behaviour converting it to an integer).
TEST(LayoutJson, PositionsFarFromTheStageAreRefused) {
  auto far = parse_layout_json(R"({"name":"Far","sections":[{"id":"A","name":"A","tier":"t","rows":1,)"
                               R"("seatsPerRow":2,"basePrice":10,"position":{"x":-2.5e43,"y":0}}]})");
  ASSERT_FALSE(far.ok());
  EXPECT_NE(far.error().message.find("position"), std::string::npos) << far.error().message;
  EXPECT_FALSE(parse_layout_json(R"({"name":"Far","stage":{"x":0,"y":0,"width":-5,"height":2},"sections":[)"
                                 R"({"id":"A","name":"A","tier":"t","rows":1,"seatsPerRow":2,"basePrice":10}]})")
                   .ok());
}

}  // namespace tw::core

namespace tw::core {

// An organiser writes basePrice in major units of the event's currency; the stored copy always
// uses two decimals, an encoding of minor units read back exactly whatever the currency.
TEST(LayoutJson, BasePriceIsInMajorUnitsOfTheEventsCurrency) {
  const std::string text =
      R"({"name":"Hall","sections":[{"id":"F","name":"Floor","tier":"ga","rows":1,"seatsPerRow":2,"basePrice":150000}]})";
  EXPECT_EQ(parse_layout_json(text, 0)->sections.at(0).base_price, 150000) << "KRW: no minor unit";
  EXPECT_FALSE(parse_layout_json(text, 2).ok()) << "150,000.00 of a currency with cents is over the highest price";
  const std::string fils =
      R"({"name":"Hall","sections":[{"id":"F","name":"Floor","tier":"ga","rows":1,"seatsPerRow":2,"basePrice":12.345}]})";
  EXPECT_EQ(parse_layout_json(fils, 3)->sections.at(0).base_price, 12345) << "BHD: thousandths";

  auto won = *parse_layout_json(text, 0);
  EXPECT_EQ(parse_layout_json(layout_to_json(won))->sections.at(0).base_price, 150000) << "stored and read back";
}

TEST(VenueLayouts, BuiltInLayoutsArePricedInTheEventsCurrency) {
  const auto usd = stadium_layout();
  const auto gbp = priced_in(stadium_layout(), *find_currency("GBP"));
  const auto krw = priced_in(stadium_layout(), *find_currency("KRW"), 1500);
  const auto bhd = priced_in(stadium_layout(), *find_currency("BHD"));
  for (std::size_t i = 0; i < usd.sections.size(); ++i) {
    EXPECT_EQ(gbp.sections[i].base_price, usd.sections[i].base_price) << "500.00 of either";
    EXPECT_EQ(krw.sections[i].base_price, usd.sections[i].base_price * 15) << "dollars times 1500, in whole won";
    EXPECT_EQ(bhd.sections[i].base_price, usd.sections[i].base_price * 10) << "the same figure, in fils";
  }
}

}  // namespace tw::core
