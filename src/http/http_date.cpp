#include "http/http_date.h"

#include <ctime>

namespace tw::http {

std::string format_http_date(std::int64_t utc_seconds) {
  const std::time_t t = static_cast<std::time_t>(utc_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  // %a and %b are locale-dependent; the server never calls setlocale, so they are C's English.
  const auto n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
  if (text.size() != 29) return std::nullopt;
  const std::string s(text);
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return static_cast<std::int64_t>(timegm(&tm));
}

}  // namespace tw::http
