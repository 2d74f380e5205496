#include "api/csv.h"

#include <gtest/gtest.h>

namespace tw::api {
namespace {

TEST(Csv, FieldsAreQuotedOnlyWhenTheyMustBe) {
  EXPECT_EQ(csv_field("Dana Desktop"), "Dana Desktop");
  EXPECT_EQ(csv_field("Row A, Seat 1"), "\"Row A, Seat 1\"");
  EXPECT_EQ(csv_field("the \"VIP\" floor"), "\"the \"\"VIP\"\" floor\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field(""), "");
}

TEST(Csv, ANameASpreadsheetWouldRunIsKeptAsText) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  for (const char* f : {"+1", "-2", "@SUM(A1)", "\tx"})
    EXPECT_EQ(csv_field(f).find('\''), csv_field(f).find_first_not_of('"')) << f;
  EXPECT_EQ(csv_line({"a", "b,c", ""}), "a,\"b,c\",\r\n");
}

}  // namespace
}  // namespace tw::api
