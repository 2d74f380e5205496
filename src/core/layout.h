#pragma once
// A venue layout: the description an organiser gives (as JSON) of the sections around a stage.
// Coordinates are in seat pitches; the stage and each section's origin (its front-left seat)
// sit on one plane, and a section's rows run away from the stage along its rotation.
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "core/result.h"

namespace tw::core {

// Coordinates are kept to hundredths of a seat pitch: plenty for drawing, and it makes a
// layout's JSON round trip exact.
double round_hundredths(double v);

struct Placement {
  double x = 0;
  double y = 0;
  double rotation = 0;  // degrees, clockwise; 0 = rows run down the page, away from a stage above
  bool operator==(const Placement&) const = default;
};

struct Stage {
  double x = 0, y = 0, width = 20, height = 6;
  bool operator==(const Stage&) const = default;
};

struct SectionSpec {
  std::string id;    // short, letters and digits: "VIP", "A12"; part of every seat id
  std::string name;  // shown to people: "VIP Floor"
  std::string tier;  // price tier id: "vip", "premium", ...
  int rows = 0;
  int seats_per_row = 0;
  Cents base_price = 0;  // the back row's price
  Placement position;
  bool operator==(const SectionSpec&) const = default;
};

struct Layout {
  std::string name;
  Stage stage;
  std::vector<SectionSpec> sections;
  bool operator==(const Layout&) const = default;
};

// Bounds that keep one event's map and its inventory within reason.
inline constexpr int kMaxSections = 200;
inline constexpr int kMaxRowsPerSection = 100;
inline constexpr int kMaxSeatsPerRow = 200;
inline constexpr int kMaxSeatsPerEvent = 100'000;
inline constexpr Cents kMaxBasePrice = 100'000'00;
inline constexpr double kMaxCoordinate = 100'000;  // seat pitches from the origin, either way

// Checks a layout against the rules above (unique section ids, positive sizes and prices).
Status validate_layout(const Layout& layout);

// Where a seat is drawn, in seat pitches: seat `number` (from 0) of row `row` (from 0, the
// front) of the section, its rows running away from the stage along the section's rotation.
// The web app's seat map draws with the same formula.
struct SeatPoint {
  double x = 0;
  double y = 0;
};
SeatPoint seat_point(const SectionSpec& section, int row, int number);

// Seats closer than this (in seat pitches) would be drawn on top of each other, and a fan could
// pick a seat they did not mean to.
inline constexpr double kMinSeatSpacing = 0.99;

// kInvalid "invalid_layout", naming two seats, when any two seats of the venue are closer than
// kMinSeatSpacing (sections drawn over each other). For layouts organisers give; stored layouts
// are never re-judged.
Status check_seat_spacing(const Layout& layout);

// kInvalid "invalid_layout" with the reason: how every layout refusal reads.
inline Error bad_layout(std::string message) { return invalid("invalid_layout", std::move(message)); }

// JSON <-> Layout. The JSON shape is documented in docs/api.md ("Venue layouts"). basePrice is
// in major units with `price_digits` decimals: the event's currency's for a layout an organiser
// gives (150000 for KRW 150,000), and always 2 for the stored copy, a fixed encoding of minor
// units the stores read back exactly whatever the currency.
Result<Layout> parse_layout_json(std::string_view json, int price_digits = 2);
std::string layout_to_json(const Layout& layout, int price_digits = 2);

}  // namespace tw::core
