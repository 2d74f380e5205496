#pragma once
// MemoryAttemptRecords: AttemptRecords in this process's memory (one server, or tests). Memory
// stays bounded under a flood of distinct keys: past a size, records whose keep time is over
// are dropped, and known addresses are forgotten wholesale past another (a bound, not a policy).
// Thread-safe.
#include <deque>
#include <mutex>
#include <unordered_map>

#include "auth/attempt_records.h"

namespace tw::auth {

class MemoryAttemptRecords final : public AttemptRecords {
 public:
  Task<core::Result<Attempts>> read(std::string key) override;
  Task<core::Result<Attempts>> add(std::string key, std::int64_t now_ms, std::int64_t window_ms,
                                   std::int64_t keep_ms) override;
  Task<core::Status> clear(std::string key) override;
  Task<core::Result<bool>> knows(std::string account, std::string address) override;
  Task<core::Status> remember(std::string account, std::string address, std::int64_t now_ms,
                              std::size_t keep) override;

 private:
  struct Record {
    Attempts attempts;
    std::int64_t keep_until_ms = 0;
  };
  void forget_stale(std::int64_t now_ms);

  std::mutex mu_;
  std::unordered_map<std::string, Record> records_;                 // guarded by mu_
  std::unordered_map<std::string, std::deque<std::string>> known_;  // account -> addresses; guarded by mu_
};

}  // namespace tw::auth
