#pragma once
// SignInGuard: slows password guessing without handing attackers a way to lock others out.
//
// Failures are counted three ways, each with its own free allowance and doubling back-off
// (LoginThrottle):
//   - per (account, address): 5 failures in 15 minutes, then 1 s doubling to 15 minutes. This
//     stops guessing from one place and touches nobody else.
//   - per address: 100 failures in 15 minutes, then 1 s doubling to 15 minutes: high enough for
//     a stadium's Wi-Fi or a carrier NAT, where thousands share one address.
//   - per account, from any address: 50 failures in 15 minutes, then 1 s doubling to at most
//     30 s: a ceiling, so a distributed guesser is slowed but the owner is never locked out;
//     and not at all from an address where the account signed in successfully before (the
//     owner's own devices).
// A success clears the pair. Sign-ups are limited per address (20 an hour, in bursts of 20).
// State is in-process (per instance). Thread-safe.
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "auth/login_throttle.h"
#include "core/clock.h"
#include "core/token_buckets.h"

namespace tw::auth {

struct SignInPolicy {
  ThrottlePolicy pair{5, 15 * 60 * 1000, 1000, 15 * 60 * 1000};
  ThrottlePolicy address{100, 15 * 60 * 1000, 1000, 15 * 60 * 1000};
  ThrottlePolicy account{50, 15 * 60 * 1000, 1000, 30 * 1000};
  double sign_ups_per_hour = 20;
  double sign_up_burst = 20;
  std::size_t known_addresses_per_account = 16;
};

class SignInGuard {
 public:
  explicit SignInGuard(const core::Clock& clock, SignInPolicy policy = {});

  // Milliseconds this attempt must still wait; 0 when it may be checked now.
  std::int64_t wait_ms(const std::string& account, const std::string& address);
  void failed(const std::string& account, const std::string& address);
  void succeeded(const std::string& account, const std::string& address);
  // Takes one sign-up from the address's allowance: 0 when allowed, else milliseconds to wait.
  std::int64_t sign_up_wait_ms(const std::string& address);

 private:
  bool known(const std::string& account, const std::string& address);

  const core::Clock& clock_;
  SignInPolicy policy_;
  LoginThrottle pairs_;
  LoginThrottle addresses_;
  LoginThrottle accounts_;
  core::TokenBuckets sign_ups_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<std::string>> known_;  // account -> addresses; guarded by mu_
};

}  // namespace tw::auth
