#pragma once
// A real redis-server for the tests: started on a free loopback port with a temporary
// directory and no persistence (as `nobody` when the tests run as root), stopped by PID. One
// instance serves a whole test binary (shared()); each test takes a key prefix of its own.
// Fault tests start a private one, to kill and restart it.
#include <gtest/gtest.h>
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>

#include "redis/redis_address.h"

namespace tw::testing {

class RedisInstance {
 public:
  static RedisInstance& shared();
  RedisInstance();
  ~RedisInstance();
  RedisInstance(const RedisInstance&) = delete;

  std::uint16_t port() const { return port_; }
  // A prefix no other test of this run uses.
  std::string new_prefix();
  // The inventory URL for ticketwar's --inventory, with that prefix.
  std::string url(const std::string& prefix) const;
  // Kills the server (SIGKILL, as a crash would) and starts an empty one on the same port.
  void restart_empty();
  void kill_now();
  void start();
  // Runs redis-cli against it with these arguments; what it printed.
  std::string cli(const std::string& args) const;

 private:
  std::string dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
  int prefixes_ = 0;
};

// A Redis adapter (RedisInventory, RedisAttemptRecords, ...: built from a RedisAddress and
// `more`, with wait_connected) on `url`, connected; a failed expectation when it is not within 10 s.
template <class Adapter, class... More>
std::unique_ptr<Adapter> connected(const std::string& url, More&&... more) {
  auto address = redis::parse_redis_url(url);
  EXPECT_TRUE(address.ok()) << url;
  auto adapter = std::make_unique<Adapter>(address.ok() ? *address : redis::RedisAddress{}, std::forward<More>(more)...);
  EXPECT_TRUE(adapter->wait_connected(10'000)) << "Redis at " << url;
  return adapter;
}

}  // namespace tw::testing
