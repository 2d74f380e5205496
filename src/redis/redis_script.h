#pragma once
// A Lua script that Redis runs by its SHA: loaded on first use and loaded again when Redis
// answers NOSCRIPT (it restarted or was flushed), so callers send the short EVALSHA and never
// the source on the hot path. Thread-safe; one object per script, shared by its callers.
#include <mutex>
#include <string>
#include <vector>

#include "async/task.h"
#include "core/result.h"
#include "redis/redis_connection.h"

namespace tw::redis {

class RedisScript {
 public:
  explicit RedisScript(std::string source = {}) : source_(std::move(source)) {}
  RedisScript(const RedisScript&) = delete;
  RedisScript& operator=(const RedisScript&) = delete;

  // Runs the script over `keys` with `args`. An error reply (the script failed) is kInternal; a
  // connection that is down, the connection's kUnavailable "redis_unavailable".
  Task<core::Result<RedisReply>> run(RedisConnection& connection, std::vector<std::string> keys,
                                     std::vector<std::string> args);

 private:
  Task<core::Result<std::string>> sha(RedisConnection& connection, bool reload);

  std::string source_;
  std::mutex mu_;
  std::string sha_;  // guarded by mu_; empty until loaded
};

// kInternal "Redis answered unexpectedly", with Redis's message when the reply is an error.
core::Error unexpected_reply(const RedisReply& reply);

}  // namespace tw::redis
