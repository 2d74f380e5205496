#pragma once
// Reading typed query parameters with clear 400 errors.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/request.h"

namespace tw::api {

// An integer in [min, max]; `fallback` when absent.
core::Result<int> int_param(const http::Request& req, std::string_view name, int min, int max, int fallback);
// A whole number of at least `min` (ids, cursors); `fallback` when absent.
core::Result<std::int64_t> int64_param(const http::Request& req, std::string_view name, std::int64_t min,
                                       std::int64_t fallback);
// A positive id in the path (`{name}`); none when it is not one, which routes answer with 404.
std::optional<std::int64_t> path_id(const http::Request& req, std::string_view name);
// A string of at most `max_length` bytes; empty when absent.
core::Result<std::string> text_param(const http::Request& req, std::string_view name, std::size_t max_length);
// A bound given as a calendar date ("2027-06-14") or an ISO-8601 instant; at most one is set.
struct TimeBound {
  std::optional<std::string> date;
  std::optional<std::int64_t> utc;
};
core::Result<TimeBound> time_param(const http::Request& req, std::string_view name);

core::Error bad_parameter(std::string_view name, std::string_view why);

}  // namespace tw::api
