#include "core/iso_time.h"

#include <cstdio>
#include <ctime>

namespace tw::core {
namespace {

// Howard Hinnant's days_from_civil: proleptic Gregorian date to days since 1970-01-01.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t y;
  unsigned m, d;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at `pos`; -1 when they are not all digits.
int digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

Error bad_time(std::string_view text) {
  // Appended, not `"'" + std::string(...)`: g++ 12 at -O3 warns falsely (-Wrestrict) about that.
  std::string message = "'";
  message += text.substr(0, 40);
  message += "' is not an ISO-8601 time like 2027-06-14T19:30:00+01:00";
  return invalid("invalid_time", message);
}

// Parses YYYY-MM-DD at the start of `s` into days since the epoch.
Result<std::int64_t> parse_date_prefix(std::string_view s) {
  const int y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || s.size() < 10 || s[4] != '-' || s[7] != '-' ||
      static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(m))) {
    return bad_time(s);
  }
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

}  // namespace

Result<ZonedTime> parse_iso8601(std::string_view s) {
  auto days = parse_date_prefix(s);
  if (!days || s.size() < 16 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':') return bad_time(s);
  const int hh = digits(s, 11, 2), mm = digits(s, 14, 2);
  std::size_t pos = 16;
  int ss = 0;
  if (pos < s.size() && s[pos] == ':') {
    ss = digits(s, pos + 1, 2);
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      const std::size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start) return bad_time(s);
    }
  }
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59 || pos >= s.size()) return bad_time(s);
  int offset = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const int oh = digits(s, pos + 1, 2), om = digits(s, pos + 4, 2);
    if (oh < 0 || oh > 18 || om < 0 || om > 59 || pos + 3 >= s.size() || s[pos + 3] != ':') return bad_time(s);
    offset = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos += 6;
  } else {
    return bad_time(s);
  }
  if (pos != s.size()) return bad_time(s);
  const std::int64_t local = *days * 86400 + hh * 3600 + mm * 60 + ss;
  return ZonedTime{local - offset * 60, offset};
}

Result<std::int64_t> parse_time_bound(std::string_view text, bool end_of_day) {
  if (text.size() == 10) {
    auto days = parse_date_prefix(text);
    if (!days) return std::move(days).take_error();
    return *days * 86400 + (end_of_day ? 86399 : 0);
  }
  auto t = parse_iso8601(text);
  if (!t) return std::move(t).take_error();
  return t->utc_seconds;
}

std::string format_iso8601(ZonedTime t) {
  const std::int64_t local = t.utc_seconds + t.offset_minutes * 60;
  std::int64_t days = local / 86400, secs = local % 86400;
  if (secs < 0) secs += 86400, --days;
  const Civil c = civil_from_days(days);
  char buf[40];
  int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d", static_cast<long long>(c.y), c.m,
                        c.d, static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                        static_cast<int>(secs % 60));
  if (t.offset_minutes == 0) {
    std::snprintf(buf + n, sizeof buf - n, "Z");
  } else {
    const int off = t.offset_minutes < 0 ? -t.offset_minutes : t.offset_minutes;
    std::snprintf(buf + n, sizeof buf - n, "%c%02d:%02d", t.offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  }
  return buf;
}

std::string format_utc_ms(std::int64_t utc_ms) { return format_utc(utc_ms / 1000); }

std::string format_utc_millis(std::int64_t utc_ms) {
  std::int64_t secs = utc_ms / 1000, ms = utc_ms % 1000;
  if (ms < 0) ms += 1000, --secs;
  std::string s = format_utc(secs);  // ends in Z
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms));
  s.pop_back();
  return s + frac;
}

std::string format_for_people(ZonedTime t) {
  const std::time_t local = static_cast<std::time_t>(t.utc_seconds + t.offset_minutes * 60);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a %d %b %Y, %H:%M", &tm);
  return buf;
}

std::string format_utc(std::int64_t utc_seconds) { return format_iso8601({utc_seconds, 0}); }

}  // namespace tw::core
