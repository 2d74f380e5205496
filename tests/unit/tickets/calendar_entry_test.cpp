#include "tickets/calendar_entry.h"

#include <gtest/gtest.h>

namespace tw::tickets {
namespace {

CalendarEntry entry() {
  CalendarEntry e;
  e.uid = "ticket-1@ticketwar";
  e.summary = "Ed Sheeran: +-=\u00f7\u00d7 Tour";
  e.location = "Croke Park, Dublin";
  e.description = "Section VIP; row A\nTicket 1";
  e.starts_at = *core::parse_iso8601("2027-07-03T18:30:00+01:00");
  e.stamp_utc_seconds = 1'800'000'000;
  return e;
}

TEST(CalendarEntry, WritesTheStartInTheVenuesOwnOffsetWithItsZone) {
  const auto ics = to_icalendar(entry());
  EXPECT_NE(ics.find("DTSTART;TZID=UTC+0100:20270703T183000\r\n"), std::string::npos) << ics;
  EXPECT_NE(ics.find("TZOFFSETTO:+0100\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTSTAMP:20270115T080000Z\r\n"), std::string::npos);
  EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
  EXPECT_TRUE(ics.ends_with("END:VCALENDAR\r\n"));
}

TEST(CalendarEntry, AnUtcShowNeedsNoZoneAndANegativeOffsetIsSigned) {
  auto e = entry();
  e.starts_at = *core::parse_iso8601("2027-03-12T19:30:00Z");
  auto ics = to_icalendar(e);
  EXPECT_NE(ics.find("DTSTART:20270312T193000Z\r\n"), std::string::npos) << ics;
  EXPECT_EQ(ics.find("VTIMEZONE"), std::string::npos);
  e.starts_at = *core::parse_iso8601("2027-03-12T19:30:00-03:30");
  ics = to_icalendar(e);
  EXPECT_NE(ics.find("DTSTART;TZID=UTC-0330:20270312T193000\r\n"), std::string::npos) << ics;
  EXPECT_NE(ics.find("TZOFFSETFROM:-0330\r\n"), std::string::npos);
}

TEST(CalendarEntry, EscapesTextValues) {
  const auto ics = to_icalendar(entry());
  EXPECT_NE(ics.find("LOCATION:Croke Park\\, Dublin\r\n"), std::string::npos) << ics;
  EXPECT_NE(ics.find("DESCRIPTION:Section VIP\\; row A\\nTicket 1\r\n"), std::string::npos) << ics;
}

TEST(CalendarEntry, FoldsLongLinesWithoutSplittingACharacter) {
  auto e = entry();
  e.summary.clear();
  for (int i = 0; i < 60; ++i) e.summary += "\u00e9";  // two octets each
  const auto ics = to_icalendar(e);
  std::string unfolded;
  for (std::size_t at = 0, next; at < ics.size(); at = next + 2) {
    next = ics.find("\r\n", at);
    ASSERT_NE(next, std::string::npos);
    const auto line = ics.substr(at, next - at);
    EXPECT_LE(line.size(), 75u);
    ASSERT_FALSE(line.empty());
    EXPECT_NE(static_cast<unsigned char>(line[line[0] == ' ' ? 1 : 0]) & 0xC0, 0x80)
        << "no line starts inside a character";
    unfolded += line[0] == ' ' ? line.substr(1) : (unfolded.empty() ? "" : "\n") + line;
  }
  EXPECT_NE(unfolded.find("SUMMARY:" + e.summary), std::string::npos);
}

TEST(CalendarEntry, ACancelledTicketsEntrySaysSo) {
  auto e = entry();
  EXPECT_NE(to_icalendar(e).find("STATUS:CONFIRMED\r\n"), std::string::npos);
  e.cancelled = true;
  EXPECT_NE(to_icalendar(e).find("STATUS:CANCELLED\r\n"), std::string::npos);
}

}  // namespace
}  // namespace tw::tickets
