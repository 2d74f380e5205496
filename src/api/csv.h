#pragma once
// CSV as spreadsheets read it (RFC 4180), safe whatever a buyer names themself: every field is
// quoted (quotes doubled), so a comma, semicolon or line break inside never starts a new cell
// for a reader that honours quotes; and no cell can start with a formula character (=, +, -, @,
// tab, carriage return) even for a reader that splits on `,` or `;` and ignores quotes, since a
// quote mark is put before such a character at the start of the field and after every `,` or `;`
// inside it. A spreadsheet shows the quote mark's cell as text.
#include <string>
#include <string_view>
#include <vector>

namespace tw::api {

std::string csv_field(std::string_view value);
// One line of fields, ending in CRLF.
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace tw::api
