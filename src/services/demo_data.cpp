#include "services/demo_data.h"

#include "auth/password.h"
#include "auth/password_hasher.h"
#include "core/currency.h"
#include "core/error_codes.h"
#include "core/venue_layouts.h"

namespace tw::services {
namespace {

core::ZonedTime at(const char* iso) { return core::parse_iso8601(iso).value(); }

DemoEvent show(const char* slug, const char* name, const char* artist, const char* venue, const char* starts,
               const char* color, const char* description, core::Layout layout, const char* currency = "USD",
               int per_dollar = 1) {
  core::EventDraft d;
  d.currency = currency;
  layout = core::priced_in(std::move(layout), *core::find_currency(currency), per_dollar);
  d.slug = slug;
  d.name = name;
  d.artist = artist;
  d.venue = venue;
  d.starts_at = at(starts);
  d.color = color;
  d.description = description;
  // No image: the API names the poster drawn from the event (core/event_artwork.h).
  return {std::move(d), std::move(layout)};
}

}  // namespace

// Each show sells in its country's currency: London in GBP, Dublin in EUR, Seoul in KRW.
std::vector<DemoEvent> demo_events() {
  const auto stadium = core::stadium_layout();
  return {
      show("coldplay-music-of-the-spheres", "Coldplay: Music of the Spheres", "Coldplay", "Wembley Stadium, London",
           "2027-03-12T19:30:00Z", "#3B82F6", "A night of light-up wristbands, fireworks and sing-alongs.", stadium, "GBP"),
      show("taylor-swift-eras", "Taylor Swift | The Eras Tour", "Taylor Swift", "MetLife Stadium, New Jersey",
           "2027-04-18T19:00:00-04:00", "#A855F7", "Every era, one night: a three-hour journey through the albums.",
           stadium),
      show("the-weeknd-after-hours", "The Weeknd: After Hours til Dawn", "The Weeknd", "SoFi Stadium, Los Angeles",
           "2027-05-09T20:00:00-07:00", "#DC2626", "A cinematic stadium show from dusk until dawn.", stadium),
      show("beyonce-renaissance", "Beyonc\u00e9: Renaissance World Tour", "Beyonc\u00e9",
           "Mercedes-Benz Stadium, Atlanta", "2027-06-05T20:00:00-04:00", "#D4AF37",
           "Silver, chrome and a dance floor the size of a stadium.", stadium),
      show("ed-sheeran-mathematics", "Ed Sheeran: +-=\u00f7\u00d7 Tour", "Ed Sheeran", "Croke Park, Dublin",
           "2027-07-03T18:30:00+01:00", "#F97316", "One man, a loop pedal and a revolving stage in the round.",
           stadium, "EUR"),
      show("bts-yet-to-come", "BTS: Yet To Come", "BTS", "Olympic Stadium, Seoul", "2027-08-21T19:00:00+09:00",
           "#8B5CF6", "The reunion concert ARMY has been waiting for.", stadium, "KRW", 1500),
      show("imagine-dragons-loom-arena", "Imagine Dragons: LOOM World Tour", "Imagine Dragons", "The O2 Arena, London",
           "2027-09-18T19:30:00+01:00", "#10B981", "An arena-scale flash sale: more than 22,000 seats in one go.",
           core::arena_layout(), "GBP"),
  };
}

Task<core::Result<SeedReport>> seed_demo(store::EventStore& event_store, store::AccountStore& accounts,
                                         auth::PasswordHasher& hasher, bool with_events, bool dev) {
  // Named locals rather than temporaries inside co_await expressions: g++ 12 mis-copies
  // braced temporaries in coroutines (it moved a std::string bitwise here once).
  SeedReport report;
  std::vector<DemoEvent> events;
  if (with_events) events = demo_events();
  for (auto& demo : events) {
    auto created = co_await event_store.create_event(std::move(demo.draft), std::move(demo.layout));
    if (created) {
      ++report.events_created;
    } else if (created.error().code != core::codes::kSlugTaken) {
      co_return std::move(created).take_error();
    }
  }
  auto admins = co_await accounts.count_admins();
  if (!admins) co_return std::move(admins).take_error();
  if (*admins > 0) co_return report;
  const std::string password = dev ? kDevAdminPassword : auth::random_password(20);
  auto hash = co_await hasher.hash(password);
  if (!hash) co_return core::internal("could not hash the admin password (out of memory?)");
  core::NewUser admin_user{kAdminEmail, "Administrator", std::move(*hash), core::Role::kAdmin, true};
  auto admin = co_await accounts.create_user(std::move(admin_user));
  if (!admin) co_return std::move(admin).take_error();
  report.admin_password = password;
  co_return report;
}

}  // namespace tw::services

namespace tw::services {

Task<core::Result<SeedReport>> DemoData::seed(bool with_events) {
  co_return co_await seed_demo(events_, accounts_, hasher_, with_events, dev_);
}

}  // namespace tw::services
