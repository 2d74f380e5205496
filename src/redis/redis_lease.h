#pragma once
// A lease in Redis: work that must run on one server at a time (the event log's relay) runs
// while its server holds the lease. The holder renews it well within its time to live; a server
// that dies stops renewing and another takes the lease over once it runs out. Holding is one
// Lua script (take it if free, renew it if ours), so two servers never both hold it.
//
// A holder that stalls past the time to live can briefly overlap with the next one: the work
// under a lease must tolerate that (the relay does: a repeated copy adds nothing).
#include <chrono>
#include <string>

#include "async/task.h"
#include "core/result.h"
#include "redis/redis_connection.h"
#include "redis/redis_script.h"

namespace tw::redis {

class RedisLease {
 public:
  // `holder` names this server (what operators see in Redis); `ttl` is how long a dead holder
  // keeps the lease from the others.
  RedisLease(RedisConnection& connection, std::string key, std::string holder, std::chrono::milliseconds ttl);

  // Takes the lease if nobody holds it, renews it if this server does: whether it is ours now.
  Task<core::Result<bool>> hold();
  // How often a holder should call hold() to keep it: a third of the time to live.
  std::chrono::milliseconds renew_every() const { return ttl_ / 3; }

 private:
  RedisConnection& connection_;
  std::string key_;
  std::string holder_;
  std::chrono::milliseconds ttl_;
  RedisScript script_;
};

}  // namespace tw::redis
