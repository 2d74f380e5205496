#include "api/csv.h"

namespace tw::api {
namespace {

// What a spreadsheet may run as a formula when a cell starts with it; a quote too, since a
// reader that splits naively and then strips quotes would see what follows it first.
bool risky_start(char ch) { return std::string_view("=+-@\t\r\"").find(ch) != std::string_view::npos; }

// Whether a cell starting at `from` would start with a risky character, once a reader trims the
// spaces before it.
bool risky_from(std::string_view value, std::size_t from) {
  while (from < value.size() && value[from] == ' ') ++from;
  return from < value.size() && risky_start(value[from]);
}

}  // namespace

std::string csv_field(std::string_view value) {
  std::string out = "\"";
  if (risky_from(value, 0)) out += '\'';
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char ch = value[i];
    if (ch == '"') out += '"';
    out += ch;
    if ((ch == ',' || ch == ';') && risky_from(value, i + 1)) out += '\'';
  }
  return out + "\"";
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += csv_field(fields[i]);
  }
  return line + "\r\n";
}

}  // namespace tw::api
