#pragma once
// An event as tests make them: the fields a store requires, the name used for artist and venue
// too, a black accent colour.
#include <string>

#include "core/event.h"
#include "core/iso_time.h"

namespace tw::testing {

inline core::EventDraft event_draft(std::string slug, std::string name, int ticket_limit,
                                    const char* starts_utc = "2030-01-01T20:00:00Z") {
  core::EventDraft d;
  d.slug = std::move(slug);
  d.name = d.artist = d.venue = std::move(name);
  d.color = "#000000";
  d.ticket_limit = ticket_limit;
  d.starts_at = core::parse_iso8601(starts_utc).value();
  return d;
}

}  // namespace tw::testing
