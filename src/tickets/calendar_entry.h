#pragma once
// A ticket's show as a calendar entry: an iCalendar (RFC 5545) file with one event, which
// calendar apps import ("Add to calendar"). The show's time is written in the venue's own offset
// (a VTIMEZONE of that fixed offset, since events carry an offset rather than a zone name), so
// a fan abroad sees it at the right instant and the organiser's local time is kept.
#include <cstdint>
#include <string>

#include "core/iso_time.h"

namespace tw::tickets {

struct CalendarEntry {
  std::string uid;          // stable per ticket, so importing it again updates the one entry
  std::string summary;      // what the calendar shows
  std::string location;     // the venue
  std::string description;  // the seat, the order, where the ticket is
  std::string url;          // the ticket's page
  core::ZonedTime starts_at;
  std::int64_t stamp_utc_seconds = 0;     // when the file is made (DTSTAMP)
  std::int64_t modified_utc_seconds = 0;  // when the show last changed (LAST-MODIFIED); 0: unknown
  bool cancelled = false;                 // the ticket is cancelled: the entry says so
};

// The .ics text: CRLF line ends, lines folded at 75 octets without splitting a UTF-8 character,
// text values escaped.
std::string to_icalendar(const CalendarEntry& entry);

}  // namespace tw::tickets
