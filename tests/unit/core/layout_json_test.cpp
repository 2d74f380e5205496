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
