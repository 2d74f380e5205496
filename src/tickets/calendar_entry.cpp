#include "tickets/calendar_entry.h"

#include <cstdio>
#include <cstdlib>

namespace tw::tickets {
namespace {

// RFC 5545 3.3.11: backslash, semicolon and comma are escaped, new lines become "\n".
std::string escaped(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c != '\r' && (static_cast<unsigned char>(c) >= 0x20 || c == '\t')) {
      out += c;  // other control characters are not allowed in a TEXT value
    }
  }
  return out;
}

// RFC 5545 3.1: a content line longer than 75 octets continues on lines starting with a space;
// the cut never falls inside a UTF-8 character.
void append_line(std::string& out, const std::string& line) {
  std::size_t at = 0;
  std::size_t room = 75;
  while (line.size() - at > room) {
    std::size_t cut = at + room;
    while (cut > at && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line, at, cut - at);
    out += "\r\n ";
    at = cut;
    room = 74;  // the leading space counts
  }
  out.append(line, at);
  out += "\r\n";
}

// 20270614T193000: `utc_seconds` shifted by `offset_minutes`, as a calendar date and clock time.
std::string local_date_time(std::int64_t utc_seconds, int offset_minutes) {
  const auto iso = core::format_utc(utc_seconds + std::int64_t{offset_minutes} * 60);  // YYYY-MM-DDTHH:MM:SSZ
  std::string out;
  for (char c : iso.substr(0, 19)) {
    if (c != '-' && c != ':') out += c;
  }
  return out;
}

// +0100, -0330
std::string offset_text(int minutes) {
  const int m = std::abs(minutes) % (24 * 60);  // offsets are validated to less than a day
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d%02d", minutes < 0 ? '-' : '+', m / 60, m % 60);
  return buf;
}

// UTC+0100: the zone's id. No colon in it: in DTSTART;TZID=… a colon would end the parameter.
std::string zone_name(int minutes) { return "UTC" + offset_text(minutes); }

void append_zone(std::string& out, int minutes) {
  const auto name = zone_name(minutes);
  append_line(out, "BEGIN:VTIMEZONE");
  append_line(out, "TZID:" + name);
  append_line(out, "BEGIN:STANDARD");
  append_line(out, "DTSTART:19700101T000000");
  append_line(out, "TZOFFSETFROM:" + offset_text(minutes));
  append_line(out, "TZOFFSETTO:" + offset_text(minutes));
  append_line(out, "TZNAME:" + name);
  append_line(out, "END:STANDARD");
  append_line(out, "END:VTIMEZONE");
}

}  // namespace

std::string to_icalendar(const CalendarEntry& e) {
  std::string out;
  const int offset = e.starts_at.offset_minutes;
  append_line(out, "BEGIN:VCALENDAR");
  append_line(out, "VERSION:2.0");
  append_line(out, "PRODID:-//TicketWar//Tickets//EN");
  append_line(out, "CALSCALE:GREGORIAN");
  append_line(out, "METHOD:PUBLISH");
  if (offset != 0) append_zone(out, offset);
  append_line(out, "BEGIN:VEVENT");
  append_line(out, "UID:" + e.uid);
  append_line(out, "DTSTAMP:" + local_date_time(e.stamp_utc_seconds, 0) + "Z");
  if (offset == 0) {
    append_line(out, "DTSTART:" + local_date_time(e.starts_at.utc_seconds, 0) + "Z");
  } else {
    append_line(out, "DTSTART;TZID=" + zone_name(offset) + ":" + local_date_time(e.starts_at.utc_seconds, offset));
  }
  if (e.modified_utc_seconds > 0) append_line(out, "LAST-MODIFIED:" + local_date_time(e.modified_utc_seconds, 0) + "Z");
  append_line(out, "SUMMARY:" + escaped(e.summary));
  append_line(out, "LOCATION:" + escaped(e.location));
  append_line(out, "DESCRIPTION:" + escaped(e.description));
  if (!e.url.empty()) append_line(out, "URL:" + e.url);
  append_line(out, std::string("STATUS:") + (e.cancelled ? "CANCELLED" : "CONFIRMED"));
  append_line(out, "TRANSP:OPAQUE");
  append_line(out, "END:VEVENT");
  append_line(out, "END:VCALENDAR");
  return out;
}

}  // namespace tw::tickets
