#include "api/catalog_json.h"

#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>

#include "core/currency.h"
#include "core/encoding.h"
#include "core/event_artwork.h"
#include "core/pricing.h"
#include "services/booking.h"
#include "core/iso_time.h"

namespace tw::api {
namespace json = boost::json;

namespace {

json::value optional_time(const std::optional<core::ZonedTime>& t) {
  return t ? json::value(core::format_iso8601(*t)) : json::value(nullptr);
}

json::array tiers_array(const core::SeatMap& map) {
  json::array tiers;
  for (const auto& t : map.tiers()) {
    tiers.push_back(json::object{{"tier", t.tier},
                                 {"name", core::tier_display_name(t.tier)},
                                 {"minPriceCents", t.min_price},
                                 {"maxPriceCents", t.max_price},
                                 {"seats", t.seats}});
  }
  return tiers;
}

}  // namespace

void put_currency(json::object& o, std::string_view currency) {
  const auto c = core::currency_or_default(currency);
  o["currency"] = c.code;
  o["currencyDigits"] = c.digits;
}

json::object event_object(const core::EventListing& l) {
  const auto& e = l.event;
  const std::string starts = core::format_iso8601(e.starts_at);
  const int left = std::max(0, e.total_seats - l.sold_seats - l.held_seats);
  json::object o{
      {"id", e.id},
      {"slug", e.slug},
      {"name", e.name},
      {"artist", e.artist},
      {"venue", e.venue},
      {"startsAt", starts},
      {"date", starts.substr(0, 10)},
      {"time", starts.substr(11, 5)},
      {"description", e.description},
      {"image", core::event_image(e)},
      {"color", e.color},
      {"onSaleAt", optional_time(e.on_sale_at)},
      {"presaleAt", optional_time(e.presale_at)},
      {"isActive", e.active},
      {"cancelledAt", e.cancelled_at ? json::value(core::format_utc(e.cancelled_at)) : json::value(nullptr)},
      {"cancelReason", e.cancel_reason},
      {"ticketLimit", e.ticket_limit},
      {"totalSeats", e.total_seats},
      {"seatsLeft", left},
      {"soldOut", left <= 0},
      {"priceFromCents", l.price_from},
  };
  put_currency(o, e.currency);
  return o;
}

std::string event_page_json(const core::EventPage& page) {
  json::array events;
  for (const auto& l : page.events) events.push_back(event_object(l));
  return json::serialize(json::object{
      {"events", std::move(events)},
      {"nextCursor", page.next ? json::value(encode_cursor(*page.next)) : json::value(nullptr)},
  });
}

BookingRules booking_rules(const services::Booking& booking, const core::Event& e) {
  const auto rules = booking.rules_for(e);
  return {rules.hold_seconds, rules.max_seats_per_hold};
}

std::string event_detail_json(const services::EventWithMap& e, const BookingRules& rules) {
  auto o = event_object(e.listing);
  o["holdSeconds"] = e.listing.event.hold_seconds ? json::value(*e.listing.event.hold_seconds) : json::value(nullptr);
  o["holdTimeSeconds"] = rules.hold_seconds;
  o["maxSeatsPerHold"] = rules.max_seats_per_hold;
  o["serviceFeePercent"] = core::kServiceFeePercent;
  const auto& room = rules.waiting_room;
  o["waitingRoom"] = {{"enabled", room.enabled},
                      {"admitPerMinute", room.admit_per_minute},
                      {"maxActive", room.max_active},
                      {"passMinutes", room.pass_minutes},
                      {"proofOfWork", room.proof_of_work}};
  o["venueLayout"] = e.seat_map->layout().name;
  o["priceTiers"] = tiers_array(*e.seat_map);
  return json::serialize(o);
}

std::string seat_map_json(const core::SeatMap& map, std::string_view currency) {
  json::array sections;
  for (const auto& s : map.sections()) {
    json::array rows;
    for (const auto& r : s.rows) {
      rows.push_back(json::object{
          {"label", r.label}, {"seats", r.seats}, {"priceCents", r.price}, {"firstIndex", r.first_index}});
    }
    const auto& p = s.spec.position;
    sections.push_back(json::object{
        {"id", s.spec.id},
        {"name", s.spec.name},
        {"tier", s.spec.tier},
        {"position", {{"x", p.x}, {"y", p.y}, {"rotation", p.rotation}}},
        {"seatsPerRow", s.spec.seats_per_row},
        {"firstIndex", s.first_index},
        {"seatCount", s.seat_count},
        {"rows", std::move(rows)},
    });
  }
  const auto& st = map.layout().stage;
  json::object o{
      {"layout", map.layout().name},
      {"seatCount", map.seat_count()},
      {"seatIdFormat", "{section}-{row}-{number}"},
      {"stage", {{"x", st.x}, {"y", st.y}, {"width", st.width}, {"height", st.height}}},
      {"tiers", tiers_array(map)},
      {"sections", std::move(sections)},
  };
  put_currency(o, currency);
  return json::serialize(o);
}

std::string encode_cursor(const core::EventCursor& c) {
  const std::string raw = std::to_string(c.starts_utc) + ":" + std::to_string(c.id);
  return core::base64url(raw);
}

std::optional<core::EventCursor> decode_cursor(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  const auto raw = core::from_base64url(text);
  if (!raw) return std::nullopt;
  const std::string_view s(*raw);
  const auto colon = s.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  core::EventCursor c;
  auto r1 = std::from_chars(s.data(), s.data() + colon, c.starts_utc);
  auto r2 = std::from_chars(s.data() + colon + 1, s.data() + s.size(), c.id);
  if (r1.ec != std::errc() || r1.ptr != s.data() + colon || r2.ec != std::errc() || r2.ptr != s.data() + s.size()) {
    return std::nullopt;
  }
  return c;
}

}  // namespace tw::api
