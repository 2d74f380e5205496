#pragma once
// RedisSessionRevocations: SessionRevocations over Redis pub/sub. One connection publishes, a
// second one only listens (a subscribed connection can send nothing else). The channel is named
// with the cluster's key prefix, so clusters sharing a Redis do not hear each other.
//
// caught_up() is a barrier: this server publishes a marker on a channel only it listens to, on
// the same listening connection, and waits for it to come back. Redis sends a connection its
// messages in the order it ran the PUBLISH commands, so every revocation published before the
// marker has been heard, and applied, by then. Its cost is two Redis commands; it replaces
// reading the session from the database.
#include <atomic>
#include <map>
#include <memory>
#include <mutex>

#include "auth/session_revocations.h"
#include "redis/redis_address.h"
#include "redis/redis_connection.h"

namespace tw::auth {

class RedisSessionRevocations final : public SessionRevocations {
 public:
  explicit RedisSessionRevocations(const redis::RedisAddress& address);
  ~RedisSessionRevocations() override;

  Task<core::Status> publish(Revocation r) override;
  Task<core::Status> caught_up() override;
  void listen(std::function<void(const Revocation&)> apply, std::function<void(bool)> hearing) override;

 private:
  struct Barrier;
  void heard(std::string_view channel, std::string_view payload);
  void hearing(bool now);
  Task<core::Status> publish_text(std::string channel, std::string text);

  std::string channel_;
  std::string barrier_channel_;  // this server's own
  std::function<void(const Revocation&)> apply_;
  std::function<void(bool)> hearing_callback_;
  std::atomic<bool> listening_{false};
  std::atomic<std::uint64_t> next_marker_{1};
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Barrier>, std::less<>> barriers_;  // by marker; guarded by mu_
  redis::RedisConnection publisher_;
  redis::RedisConnection listener_;  // last: destroyed (and silent) before the members it calls
};

}  // namespace tw::auth
