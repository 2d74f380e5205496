#pragma once
// Where a Redis server is, as the operator writes it: redis://host[:port][/db][?prefix=name].
// The prefix starts every key TicketWar writes, so several deployments (or tests) can share one
// Redis without seeing one another's keys.
#include <string>
#include <string_view>

#include "core/result.h"

namespace tw::redis {

struct RedisAddress {
  std::string host = "127.0.0.1";
  int port = 6379;
  int db = 0;
  std::string prefix = "tw:";

  // redis://host:port/db?prefix=name, with the prefix's trailing ':' left out.
  std::string url() const;
};

// kInvalid "invalid_redis_url" with the reason when `url` is not of the form above.
core::Result<RedisAddress> parse_redis_url(std::string_view url);

}  // namespace tw::redis
