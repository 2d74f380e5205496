#pragma once
// ISO-8601 timestamps as events carry them: a UTC instant plus the offset the organiser wrote,
// so "2027-06-14T19:30:00+01:00" reads back exactly as it was given.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tw::core {

struct ZonedTime {
  std::int64_t utc_seconds = 0;  // seconds since 1970-01-01T00:00:00Z
  int offset_minutes = 0;        // east of UTC
  bool operator==(const ZonedTime&) const = default;
};

// Accepts YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|+HH:MM|-HH:MM); the fraction is dropped.
Result<ZonedTime> parse_iso8601(std::string_view text);

// A filter bound: either a full timestamp as above, or a calendar date YYYY-MM-DD taken in UTC.
// For a date, `end_of_day` chooses its last second instead of its first (inclusive "to").
Result<std::int64_t> parse_time_bound(std::string_view text, bool end_of_day);

// YYYY-MM-DDTHH:MM:SS followed by Z (offset 0) or ±HH:MM.
std::string format_iso8601(ZonedTime t);
std::string format_utc(std::int64_t utc_seconds);
// The same for a time in milliseconds (its whole seconds).
std::string format_utc_ms(std::int64_t utc_ms);
// "2026-11-25T11:46:40.123Z": a time in milliseconds to the millisecond (logs).
std::string format_utc_millis(std::int64_t utc_ms);
// "Sun 18 Apr 2027, 19:00": for people, in the time's own offset (the venue's local time).
std::string format_for_people(ZonedTime t);

}  // namespace tw::core
