#pragma once
// The refusals every Inventory adapter reports in the same words, so callers (and fans) cannot
// tell which adapter answered.
#include <string>

#include "core/error_codes.h"
#include "core/result.h"

namespace tw::inventory {

inline core::Error event_not_open() {
  return core::not_found(std::string(core::codes::kEventNotOpen), "This event is not on sale");
}
inline core::Error hold_not_found() {
  return core::not_found("hold_not_found", "That hold has expired or was released");
}

}  // namespace tw::inventory
