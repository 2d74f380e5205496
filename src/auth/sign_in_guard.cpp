#include "auth/sign_in_guard.h"

#include <algorithm>

namespace tw::auth {

SignInGuard::SignInGuard(const core::Clock& clock, SignInPolicy policy)
    : clock_(clock),
      policy_(policy),
      pairs_(clock, policy.pair),
      addresses_(clock, policy.address),
      accounts_(clock, policy.account),
      sign_ups_(policy.sign_ups_per_hour / 3600.0, policy.sign_up_burst) {}

namespace {
std::string pair_key(const std::string& account, const std::string& address) { return account + "\n" + address; }
}  // namespace

bool SignInGuard::known(const std::string& account, const std::string& address) {
  std::lock_guard lock(mu_);
  const auto it = known_.find(account);
  return it != known_.end() && std::find(it->second.begin(), it->second.end(), address) != it->second.end();
}

std::int64_t SignInGuard::wait_ms(const std::string& account, const std::string& address) {
  std::int64_t wait = std::max(pairs_.wait_ms(pair_key(account, address)), addresses_.wait_ms(address));
  if (!known(account, address)) wait = std::max(wait, accounts_.wait_ms(account));
  return wait;
}

void SignInGuard::failed(const std::string& account, const std::string& address) {
  pairs_.record_failure(pair_key(account, address));
  addresses_.record_failure(address);
  accounts_.record_failure(account);
}

void SignInGuard::succeeded(const std::string& account, const std::string& address) {
  pairs_.record_success(pair_key(account, address));
  std::lock_guard lock(mu_);
  if (known_.size() > 200'000) known_.clear();  // a bound, not a policy
  auto& addresses = known_[account];
  if (std::find(addresses.begin(), addresses.end(), address) != addresses.end()) return;
  addresses.push_back(address);
  if (addresses.size() > policy_.known_addresses_per_account) addresses.pop_front();
}

std::int64_t SignInGuard::sign_up_wait_ms(const std::string& address) { return sign_ups_.take(address, clock_.now_ms()); }

}  // namespace tw::auth
