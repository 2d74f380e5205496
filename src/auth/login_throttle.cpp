#include "auth/login_throttle.h"

#include <algorithm>

namespace tw::auth {

std::int64_t LoginThrottle::wait_ms(const std::string& key) {
  std::lock_guard lock(mu_);
  const auto it = entries_.find(key);
  if (it == entries_.end()) return 0;
  return std::max<std::int64_t>(0, it->second.blocked_until_ms - clock_.now_ms());
}

void LoginThrottle::record_failure(const std::string& key) {
  std::lock_guard lock(mu_);
  const auto now = clock_.now_ms();
  if (entries_.size() > 100'000) forget_stale(now);
  auto& e = entries_[key];
  if (e.failures == 0 || now - e.first_failure_ms > policy_.window_ms) e = Entry{0, now, 0};
  ++e.failures;
  const int over = e.failures - policy_.free_failures;
  if (over > 0) {
    const std::int64_t delay = policy_.first_delay_ms << std::min(over - 1, 20);
    e.blocked_until_ms = now + std::min(delay, policy_.max_delay_ms);
  }
}

void LoginThrottle::record_success(const std::string& key) {
  std::lock_guard lock(mu_);
  entries_.erase(key);
}

// Bounds memory under a flood of distinct keys: drop entries whose window and block are over.
void LoginThrottle::forget_stale(std::int64_t now) {
  std::erase_if(entries_, [&](const auto& kv) {
    return now - kv.second.first_failure_ms > policy_.window_ms && kv.second.blocked_until_ms <= now;
  });
}

}  // namespace tw::auth
