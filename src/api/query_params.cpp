#include "api/query_params.h"

#include <charconv>

#include "core/iso_time.h"

namespace tw::api {

core::Error bad_parameter(std::string_view name, std::string_view why) {
  return core::invalid("invalid_parameter", "Query parameter '" + std::string(name) + "' " + std::string(why));
}

core::Result<int> int_param(const http::Request& req, std::string_view name, int min, int max, int fallback) {
  const auto raw = req.query_param(name);
  if (!raw) return fallback;
  int v = 0;
  const auto [p, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
  if (ec != std::errc() || p != raw->data() + raw->size() || v < min || v > max) {
    return bad_parameter(name, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return v;
}

core::Result<std::int64_t> int64_param(const http::Request& req, std::string_view name, std::int64_t min,
                                       std::int64_t fallback) {
  const auto raw = req.query_param(name);
  if (!raw) return fallback;
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
  if (ec != std::errc() || p != raw->data() + raw->size() || v < min) {
    return bad_parameter(name, "must be a whole number of at least " + std::to_string(min));
  }
  return v;
}

std::optional<std::int64_t> path_id(const http::Request& req, std::string_view name) {
  const auto raw = req.param(name);
  std::int64_t id = 0;
  const auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), id);
  if (ec != std::errc() || p != raw.data() + raw.size() || id <= 0) return std::nullopt;
  return id;
}

core::Result<std::string> text_param(const http::Request& req, std::string_view name, std::size_t max_length) {
  const auto raw = req.query_param(name);
  if (!raw) return std::string();
  if (raw->size() > max_length) return bad_parameter(name, "is longer than " + std::to_string(max_length) + " bytes");
  return std::string(*raw);
}

core::Result<TimeBound> time_param(const http::Request& req, std::string_view name) {
  const auto raw = req.query_param(name);
  if (!raw) return TimeBound{};
  auto t = core::parse_time_bound(*raw, false);
  if (!t) return bad_parameter(name, "must be a date (2027-06-14) or an ISO-8601 time");
  if (raw->size() == 10) return TimeBound{std::string(*raw), std::nullopt};
  return TimeBound{std::nullopt, *t};
}

}  // namespace tw::api
