#pragma once
// Request ids for X-Request-Id: a caller's own id is kept when it is short and plain, otherwise
// a fresh one is made from a per-process random prefix and a counter (unique per process,
// unlikely to collide across instances).
#include <string>
#include <string_view>

namespace tw::http {

bool is_acceptable_request_id(std::string_view id);
std::string next_request_id();

}  // namespace tw::http
