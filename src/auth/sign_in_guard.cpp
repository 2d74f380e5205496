#include "auth/sign_in_guard.h"

#include <algorithm>

namespace tw::auth {

namespace {
// Record keys: what is counted, then whose. '\n' cannot appear in an address or a valid email.
std::string pair_key(const std::string& account, const std::string& address) {
  return "pair\n" + account + "\n" + address;
}
std::string address_key(const std::string& address) { return "address\n" + address; }
std::string account_key(const std::string& account) { return "account\n" + account; }
std::string sign_up_key(const std::string& address) { return "sign-up\n" + address; }
std::string device_key(const std::string& device_hash) { return "device\n" + device_hash; }
// The set of an account's trusted devices, apart from its known addresses.
std::string devices_of(const std::string& account) { return "devices\n" + account; }
}  // namespace

SignInGuard::SignInGuard(AttemptRecords& records, const core::Clock& clock, SignInPolicy policy)
    : records_(records), clock_(clock), policy_(policy) {}

Task<std::int64_t> SignInGuard::throttle_wait(const ThrottlePolicy& policy, std::string key) {
  auto attempts = co_await records_.read(std::move(key));
  co_return attempts ? throttle_wait_ms(policy, *attempts, clock_.now_ms()) : 0;  // see the header
}

Task<void> SignInGuard::count_failure(const ThrottlePolicy& policy, std::string key) {
  // A failure that cannot be counted is let go (see the header); nothing else depends on it.
  (void)co_await records_.add(std::move(key), clock_.now_ms(), policy.window_ms, policy.keep_ms());
}

Task<std::int64_t> SignInGuard::wait_ms(std::string account, std::string address) {
  std::int64_t wait = co_await throttle_wait(policy_.pair, pair_key(account, address));
  wait = std::max(wait, co_await throttle_wait(policy_.address, address_key(address)));
  const auto known = co_await records_.knows(account, address);
  if (known && *known) co_return wait;
  co_return std::max(wait, co_await throttle_wait(policy_.account, account_key(account)));
}

Task<void> SignInGuard::failed(std::string account, std::string address) {
  co_await count_failure(policy_.pair, pair_key(account, address));
  co_await count_failure(policy_.address, address_key(address));
  co_await count_failure(policy_.account, account_key(account));
}

Task<void> SignInGuard::succeeded(std::string account, std::string address) {
  (void)co_await records_.clear(pair_key(account, address));  // see the header
  (void)co_await records_.remember(std::move(account), std::move(address), clock_.now_ms(),
                                   policy_.known_addresses_per_account);
}

Task<bool> SignInGuard::trusts(std::string account, std::string device_hash) {
  if (device_hash.empty()) co_return false;
  auto known = co_await records_.knows(devices_of(account), std::move(device_hash));
  co_return known && *known;  // unknown when the records cannot be read: judged as any attempt
}

Task<std::int64_t> SignInGuard::device_wait_ms(std::string device_hash) {
  co_return co_await throttle_wait(policy_.device, device_key(device_hash));
}

Task<void> SignInGuard::device_failed(std::string device_hash) {
  co_await count_failure(policy_.device, device_key(device_hash));
}

Task<void> SignInGuard::remember_device(std::string account, std::string device_hash) {
  (void)co_await records_.clear(device_key(device_hash));
  (void)co_await records_.remember(devices_of(account), std::move(device_hash), clock_.now_ms(),
                                   policy_.known_devices_per_account);
}

Task<std::int64_t> SignInGuard::sign_up_wait_ms(std::string address) {
  // Counted first, then judged, so that instances racing on one address cannot both take the
  // last sign-up. A refused sign-up counts too, but cannot extend the window.
  const auto now = clock_.now_ms();
  auto a = co_await records_.add(sign_up_key(address), now, policy_.sign_up_window_ms, policy_.sign_up_window_ms);
  if (!a || a->count <= policy_.sign_ups_per_window) co_return 0;
  co_return std::max<std::int64_t>(1, a->first_ms + policy_.sign_up_window_ms - now);
}

}  // namespace tw::auth
