#pragma once
// RedisAttemptRecords: AttemptRecords in Redis, shared by every instance of a cluster. Each
// record is one hash (count, first, last) with a time to live, so Redis forgets it by itself;
// counting is one Lua script, atomic, so instances racing on one key never lose a count. Known
// addresses are a sorted set per account (by time of the sign-in), trimmed to the latest few.
// Every command names one key, so the records spread over a Redis Cluster's shards.
#include <memory>

#include "auth/attempt_records.h"
#include "redis/redis_address.h"
#include "redis/redis_connection.h"
#include "redis/redis_script.h"

namespace tw::auth {

class RedisAttemptRecords final : public AttemptRecords {
 public:
  explicit RedisAttemptRecords(redis::RedisAddress address);

  // Waits up to `ms` for the first connection; false when Redis could not be reached.
  bool wait_connected(int ms) { return connection_.wait_connected(ms); }

  Task<core::Result<Attempts>> read(std::string key) override;
  Task<core::Result<Attempts>> add(std::string key, std::int64_t now_ms, std::int64_t window_ms,
                                   std::int64_t keep_ms) override;
  Task<core::Status> clear(std::string key) override;
  Task<core::Result<bool>> knows(std::string account, std::string address) override;
  Task<core::Status> remember(std::string account, std::string address, std::int64_t now_ms,
                              std::size_t keep) override;

 private:
  std::string record_key(const std::string& key) const { return prefix_ + "signin:" + key; }
  std::string known_key(const std::string& account) const { return prefix_ + "signin-known:" + account; }

  std::string prefix_;
  redis::RedisConnection connection_;
  redis::RedisScript add_;
  redis::RedisScript remember_;
};

}  // namespace tw::auth
