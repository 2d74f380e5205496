#pragma once
// SignInGuard: slows password guessing without handing attackers a way to lock others out.
//
// Failures are counted three ways, each with its own free allowance and doubling back-off
// (throttle_policy.h):
//   - per (account, address): 5 failures in 15 minutes, then 1 s doubling to 15 minutes. This
//     stops guessing from one place and touches nobody else.
//   - per address: 100 failures in 15 minutes, then 1 s doubling to 15 minutes: high enough for
//     a stadium's Wi-Fi or a carrier NAT, where thousands share one address.
//   - per account, from any address: 50 failures in 15 minutes, then 1 s doubling to at most
//     30 s: a ceiling, so a distributed guesser is slowed but the owner is never locked out;
//     and not at all from an address where the account signed in successfully before (the
//     owner's own devices).
// A success clears the pair. Sign-ups are limited per address (20 an hour).
//
// Trusted devices (OWASP's device cookies): a browser that signed in to an account before holds a
// random device token the account remembers (its 32 latest). An attempt on that account that
// presents it is judged only by the failures of that device (5 free, then 1 s doubling to 15
// minutes), never by those of the address, the pair or the account: no attacker, at any rate,
// from any address (the owner's own NAT included), can keep the owner's browsers out. A token is
// useless for another account, and a stolen one is limited like a pair.
//
// The counts live in AttemptRecords: this process's memory, or Redis shared by a cluster's
// instances. When the records cannot be reached the guard lets the attempt through uncounted:
// it slows guessing, and must not stop every owner signing in while Redis is briefly away (the
// password check still stands, and nginx's per-address limit still applies).
#include <cstdint>
#include <string>

#include "auth/attempt_records.h"
#include "auth/throttle_policy.h"
#include "core/clock.h"

namespace tw::auth {

struct SignInPolicy {
  ThrottlePolicy pair{5, 15 * 60 * 1000, 1000, 15 * 60 * 1000};
  ThrottlePolicy address{100, 15 * 60 * 1000, 1000, 15 * 60 * 1000};
  ThrottlePolicy account{50, 15 * 60 * 1000, 1000, 30 * 1000};
  int sign_ups_per_window = 20;
  std::int64_t sign_up_window_ms = 60 * 60 * 1000;
  std::size_t known_addresses_per_account = 16;
  ThrottlePolicy device{5, 15 * 60 * 1000, 1000, 15 * 60 * 1000};
  std::size_t known_devices_per_account = 32;
};

class SignInGuard {
 public:
  SignInGuard(AttemptRecords& records, const core::Clock& clock, SignInPolicy policy = {});

  // Milliseconds this attempt must still wait; 0 when it may be checked now.
  Task<std::int64_t> wait_ms(std::string account, std::string address);
  Task<void> failed(std::string account, std::string address);
  Task<void> succeeded(std::string account, std::string address);
  // Counts one sign-up against the address's allowance: 0 when allowed, else milliseconds until
  // the allowance starts over.
  Task<std::int64_t> sign_up_wait_ms(std::string address);

  // Trusted devices, by the hash of their token (see the header comment).
  Task<bool> trusts(std::string account, std::string device_hash);
  Task<std::int64_t> device_wait_ms(std::string device_hash);
  Task<void> device_failed(std::string device_hash);
  Task<void> remember_device(std::string account, std::string device_hash);

 private:
  // The wait one throttle imposes on `key`; 0 when its count cannot be read.
  Task<std::int64_t> throttle_wait(const ThrottlePolicy& policy, std::string key);
  Task<void> count_failure(const ThrottlePolicy& policy, std::string key);

  AttemptRecords& records_;
  const core::Clock& clock_;
  SignInPolicy policy_;
};

}  // namespace tw::auth
