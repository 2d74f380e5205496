#pragma once
// Whom an account counts as for ticket limits. Accounts whose emails reach one mailbox
// (core/mailbox.h: `fan+1@x.org`, `fan+2@x.org`) are one person, the first of them; the inventory
// counts seats per person, so they share one limit. An account's person never changes (its email
// cannot), so answers are kept, up to a bound.
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "async/task.h"
#include "core/result.h"
#include "store/booking_store.h"

namespace tw::services {

class People {
 public:
  explicit People(store::BookingStore& store) : store_(store) {}

  // The person of each account, in the same order; an account the store does not know counts
  // as its own person.
  Task<core::Result<std::vector<std::int64_t>>> of(std::vector<std::int64_t> user_ids);
  Task<core::Result<std::int64_t>> of(std::int64_t user_id);

 private:
  static constexpr std::size_t kMaxKnown = 1'000'000;  // ~50 MB at most; forgotten all at once

  store::BookingStore& store_;
  std::mutex mu_;
  std::unordered_map<std::int64_t, std::int64_t> known_;  // account -> person; guarded by mu_
};

}  // namespace tw::services
