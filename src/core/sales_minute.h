#pragma once
// An event's sales figures, minute by minute.
#include <cstdint>
#include <string>

namespace tw::core {

// What one event changes in an event's sales figures, in the minute it happened.
struct SalesChange {
  std::int64_t sequence = 0;  // the event's place in the log: applied once
  std::int64_t event_id = 0;
  std::int64_t minute_ms = 0;  // start of the minute
  std::int64_t held = 0;       // seats newly held
  std::int64_t released = 0;   // seats whose hold ended without a sale
  std::int64_t sold = 0;       // tickets sold
  std::int64_t cancelled = 0;  // tickets cancelled
  std::int64_t revenue_cents = 0;  // sales minus refunds
};

// An event's sales in one minute.
struct SalesMinute {
  std::int64_t minute_ms = 0;
  std::int64_t held = 0;
  std::int64_t released = 0;
  std::int64_t sold = 0;
  std::int64_t cancelled = 0;
  std::int64_t revenue_cents = 0;
};

}  // namespace tw::core
