#pragma once
// HTTP dates (RFC 9110 5.6.7), as Last-Modified and If-Modified-Since carry them:
// "Sun, 06 Nov 1994 08:49:37 GMT".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tw::http {

std::string format_http_date(std::int64_t utc_seconds);
// The IMF-fixdate form only (what every current client sends); nullopt for anything else.
std::optional<std::int64_t> parse_http_date(std::string_view text);

}  // namespace tw::http
