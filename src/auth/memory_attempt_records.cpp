#include "auth/memory_attempt_records.h"

#include <algorithm>

namespace tw::auth {

namespace {
constexpr std::size_t kManyRecords = 100'000;
constexpr std::size_t kManyAccounts = 200'000;
}  // namespace

Task<core::Result<Attempts>> MemoryAttemptRecords::read(std::string key) {
  std::lock_guard lock(mu_);
  const auto it = records_.find(key);
  co_return it == records_.end() ? Attempts{} : it->second.attempts;
}

Task<core::Result<Attempts>> MemoryAttemptRecords::add(std::string key, std::int64_t now_ms, std::int64_t window_ms,
                                                       std::int64_t keep_ms) {
  std::lock_guard lock(mu_);
  if (records_.size() > kManyRecords) forget_stale(now_ms);
  auto& r = records_[key];
  if (r.attempts.count == 0 || now_ms - r.attempts.first_ms >= window_ms) r.attempts = Attempts{0, now_ms, now_ms};
  ++r.attempts.count;
  r.attempts.last_ms = now_ms;
  r.keep_until_ms = now_ms + keep_ms;
  co_return r.attempts;
}

Task<core::Status> MemoryAttemptRecords::clear(std::string key) {
  std::lock_guard lock(mu_);
  records_.erase(key);
  co_return core::Ok{};
}

Task<core::Result<bool>> MemoryAttemptRecords::knows(std::string account, std::string address) {
  std::lock_guard lock(mu_);
  const auto it = known_.find(account);
  co_return it != known_.end() && std::find(it->second.begin(), it->second.end(), address) != it->second.end();
}

Task<core::Status> MemoryAttemptRecords::remember(std::string account, std::string address, std::int64_t,
                                                  std::size_t keep) {
  std::lock_guard lock(mu_);
  if (known_.size() > kManyAccounts) known_.clear();
  auto& addresses = known_[account];
  if (std::find(addresses.begin(), addresses.end(), address) == addresses.end()) {
    addresses.push_back(std::move(address));
    if (addresses.size() > keep) addresses.pop_front();
  }
  co_return core::Ok{};
}

void MemoryAttemptRecords::forget_stale(std::int64_t now_ms) {
  std::erase_if(records_, [&](const auto& kv) { return kv.second.keep_until_ms <= now_ms; });
}

}  // namespace tw::auth
