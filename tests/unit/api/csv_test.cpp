#include "api/csv.h"

#include <gtest/gtest.h>

namespace tw::api {
namespace {

TEST(Csv, EveryFieldIsQuoted) {
  EXPECT_EQ(csv_field("Dana Desktop"), "\"Dana Desktop\"");
  EXPECT_EQ(csv_field("Row A, Seat 1"), "\"Row A, Seat 1\"");
  EXPECT_EQ(csv_field("the \"VIP\" floor"), "\"the \"\"VIP\"\" floor\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field(""), "\"\"");
  EXPECT_EQ(csv_line({"a", "b,c", ""}), "\"a\",\"b,c\",\"\"\r\n");
}

TEST(Csv, ANameASpreadsheetWouldRunIsKeptAsText) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  for (const char* f : {"+1", "-2", "@SUM(A1)", "\tx", "\rx"}) EXPECT_EQ(csv_field(f).substr(0, 2), "\"'") << f;
}

// Cells as a reader sees them that splits on `sep` and ignores quotes, each with its surrounding
// quotes and spaces taken off.
std::vector<std::string> naive_cells(const std::string& line, char sep) {
  std::vector<std::string> cells;
  std::string cell;
  for (char ch : line + sep) {
    if (ch != sep) {
      cell += ch;
      continue;
    }
    while (!cell.empty() && (cell.front() == '"' || cell.front() == ' ')) cell.erase(0, 1);
    cells.push_back(cell);
    cell.clear();
  }
  return cells;
}

// Issue 30, item 9: a buyer named `;=cmd|' /C calc'!A0;` was written unquoted, so a spreadsheet
// splitting on `;` got a formula cell.
TEST(Csv, NoCellStartsWithAFormulaUnderCommaOrSemicolonSplitting) {
  for (const char* name : {";=cmd|' /C calc'!A0;", ",=1+1", "a;+b", "x,@SUM(A1)", "; -2", ";\"=x", "=y;", ";\t1"}) {
    const auto line = csv_line({"id", name, "fan@example.com"});
    for (char sep : {',', ';'}) {
      for (const auto& cell : naive_cells(line.substr(0, line.size() - 2), sep)) {
        ASSERT_FALSE(!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos)
            << name << " split on " << sep << " gives the cell " << cell;
      }
    }
  }
}

}  // namespace
}  // namespace tw::api
