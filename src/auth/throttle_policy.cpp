#include "auth/throttle_policy.h"

#include <algorithm>

namespace tw::auth {

std::int64_t throttle_wait_ms(const ThrottlePolicy& policy, const Attempts& a, std::int64_t now_ms) {
  const int over = a.count - policy.free_failures;
  if (over <= 0) return 0;
  const std::int64_t delay = std::min(policy.first_delay_ms << std::min(over - 1, 20), policy.max_delay_ms);
  return std::max<std::int64_t>(0, a.last_ms + delay - now_ms);
}

}  // namespace tw::auth
