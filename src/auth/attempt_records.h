#pragma once
// AttemptRecords: the port where sign-in attempts are counted (the policy is sign_in_guard.h).
// Embedded adapter: MemoryAttemptRecords, this process's own counts. Scale-out adapter:
// RedisAttemptRecords, one set of counts shared by every instance of a cluster, so a guesser
// who spreads attempts over the instances behind nginx meets the same limits as one who does not.
#include <cstddef>
#include <cstdint>
#include <string>

#include "async/task.h"
#include "core/result.h"

namespace tw::auth {

// Attempts counted under one key within its window: how many, when the first and the last came.
struct Attempts {
  int count = 0;
  std::int64_t first_ms = 0;
  std::int64_t last_ms = 0;
};

class AttemptRecords {
 public:
  virtual ~AttemptRecords() = default;

  // The attempts counted under `key` (count 0 when none).
  virtual Task<core::Result<Attempts>> read(std::string key) = 0;
  // Counts one attempt at `now_ms`, atomically; a count whose window (from its first attempt)
  // has passed starts over. The record is kept at least `keep_ms` after this attempt. Returns
  // the count with this attempt in it.
  virtual Task<core::Result<Attempts>> add(std::string key, std::int64_t now_ms, std::int64_t window_ms,
                                           std::int64_t keep_ms) = 0;
  virtual Task<core::Status> clear(std::string key) = 0;

  // Whether `account` signed in from `address` before (among the latest addresses remembered).
  virtual Task<core::Result<bool>> knows(std::string account, std::string address) = 0;
  // Remembers a successful sign-in, keeping the account's latest `keep` addresses.
  virtual Task<core::Status> remember(std::string account, std::string address, std::int64_t now_ms,
                                      std::size_t keep) = 0;
};

}  // namespace tw::auth
