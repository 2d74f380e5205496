#pragma once
// Slows down password guessing. Failures are counted per key (an account's email, a client IP)
// over a window; past a free allowance each further failure doubles the wait before the next
// attempt, up to a cap. A success clears the key. In-process: each instance throttles its own
// traffic (nginx's per-IP limit covers the whole cluster in scale-out mode). Thread-safe.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace tw::auth {

struct ThrottlePolicy {
  int free_failures = 5;
  std::int64_t window_ms = 15 * 60 * 1000;
  std::int64_t first_delay_ms = 1000;
  std::int64_t max_delay_ms = 15 * 60 * 1000;
};

class LoginThrottle {
 public:
  LoginThrottle(const core::Clock& clock, ThrottlePolicy policy = {}) : clock_(clock), policy_(policy) {}

  // Milliseconds the key must still wait; 0 when an attempt is allowed now.
  std::int64_t wait_ms(const std::string& key);
  void record_failure(const std::string& key);
  void record_success(const std::string& key);

 private:
  struct Entry {
    int failures = 0;
    std::int64_t first_failure_ms = 0;
    std::int64_t blocked_until_ms = 0;
  };
  void forget_stale(std::int64_t now);

  const core::Clock& clock_;
  ThrottlePolicy policy_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
};

}  // namespace tw::auth
