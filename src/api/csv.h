#pragma once
// CSV as spreadsheets read it (RFC 4180): fields with a comma, quote or line break are quoted,
// quotes doubled; a field that a spreadsheet would run as a formula (starting with =, +, -, @,
// tab or carriage return: a buyer's name is anyone's to choose) is prefixed with a quote mark.
#include <string>
#include <string_view>
#include <vector>

namespace tw::api {

std::string csv_field(std::string_view value);
// One line of fields, ending in CRLF.
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace tw::api
