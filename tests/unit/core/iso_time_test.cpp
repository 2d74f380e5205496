#include "core/iso_time.h"

#include <gtest/gtest.h>

namespace tw::core {

TEST(IsoTime, ParsesOffsetsToUtc) {
  auto t = parse_iso8601("2027-06-14T19:30:00+01:00");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->utc_seconds, 1812997800);  // 2027-06-14T18:30:00Z
  EXPECT_EQ(t->offset_minutes, 60);
  auto z = parse_iso8601("2027-06-14T18:30:00Z");
  ASSERT_TRUE(z.ok());
  EXPECT_EQ(z->utc_seconds, t->utc_seconds);
  auto neg = parse_iso8601("2027-06-14T13:30-05:00");
  ASSERT_TRUE(neg.ok());
  EXPECT_EQ(neg->utc_seconds, t->utc_seconds);
}

TEST(IsoTime, FormatsBackAsWritten) {
  for (const char* s : {"2027-04-18T19:00:00-04:00", "2027-03-12T19:30:00Z", "2000-02-29T00:00:00+09:30"}) {
    auto t = parse_iso8601(s);
    ASSERT_TRUE(t.ok()) << s;
    EXPECT_EQ(format_iso8601(*t), s);
  }
  EXPECT_EQ(format_utc(0), "1970-01-01T00:00:00Z");
}

TEST(IsoTime, AcceptsFractionsAndDropsThem) {
  auto t = parse_iso8601("2027-01-01T00:00:00.123Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(format_iso8601(*t), "2027-01-01T00:00:00Z");
}

TEST(IsoTime, RejectsMalformedAndImpossibleTimes) {
  for (const char* s : {"", "2027-06-14", "2027-06-14T19:30", "2027-13-01T00:00Z", "2027-02-29T00:00Z",
                        "2027-06-14T24:00Z", "2027-06-14T19:60Z", "2027-06-14T19:30+0100", "2027-06-14T19:30Zjunk",
                        "27-06-14T19:30Z", "2027-06-14T19:30:00.Z", "abcd-ef-ghTij:klZ"}) {
    auto t = parse_iso8601(s);
    EXPECT_FALSE(t.ok()) << s;
    if (!t.ok()) {
      EXPECT_EQ(t.error().kind, ErrorKind::kInvalid);
    }
  }
}

TEST(IsoTime, DateBoundsCoverTheWholeDay) {
  auto from = parse_time_bound("2027-06-14", false);
  auto to = parse_time_bound("2027-06-14", true);
  ASSERT_TRUE(from.ok() && to.ok());
  EXPECT_EQ(*to - *from, 86399);
  EXPECT_EQ(format_utc(*from), "2027-06-14T00:00:00Z");
  EXPECT_FALSE(parse_time_bound("2027-06-31", false).ok());
  auto exact = parse_time_bound("2027-06-14T10:00:00Z", true);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(*exact, *from + 36000);
}

}  // namespace tw::core
