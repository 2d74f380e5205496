#pragma once
// How repeated failures slow down the next attempt: failures are counted over a window; past a
// free allowance each further failure doubles the wait before the next attempt (counted from
// the last failure), up to a cap. Pure arithmetic over the counts AttemptRecords keeps.
#include <cstdint>

#include "auth/attempt_records.h"

namespace tw::auth {

struct ThrottlePolicy {
  int free_failures = 5;
  std::int64_t window_ms = 15 * 60 * 1000;
  std::int64_t first_delay_ms = 1000;
  std::int64_t max_delay_ms = 15 * 60 * 1000;

  // How long a record must outlive its last failure: the window, then the longest wait.
  std::int64_t keep_ms() const { return window_ms + max_delay_ms; }
};

// Milliseconds still to wait at `now_ms` after the failures `a`; 0 when an attempt is allowed.
std::int64_t throttle_wait_ms(const ThrottlePolicy& policy, const Attempts& a, std::int64_t now_ms);

}  // namespace tw::auth
