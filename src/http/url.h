#pragma once
// Splitting and decoding request targets.
#include <optional>
#include <string>
#include <string_view>

#include "http/request.h"

namespace tw::http {

// Decodes %XX escapes (and '+' as space when `plus_is_space`); nullopt on a malformed escape
// or a decoded NUL byte.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

// Splits "path?query" into a decoded path and decoded parameters. nullopt when the target is
// not an origin-form path ("/...") or an escape is malformed.
struct Target {
  std::string path;
  Fields query;
};
std::optional<Target> parse_target(std::string_view target);

}  // namespace tw::http
