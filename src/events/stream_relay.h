#pragma once
// StreamRelay: copies the outbox, in order, into the Redis streams (redis_streams.h) in cluster
// mode, on one server at a time (a Redis lease that another server takes over when the holder
// dies). It is a consumer of the outbox log named "relay": its offset in the database says how
// far the copy got, so the next holder copies on from there, and whatever a dying holder had
// copied already is refused by Redis as an id not above the stream's last (no duplicates).
//
// A batch is one Lua script: one round trip however many events. The consumer groups are made on
// every stream before the first entry, reading from the start, so an event copied before a
// consumer first reads is not missed. The first time a relay runs on a database whose consumers
// already read the outbox directly (a server that ran alone before), it starts where the
// furthest-behind of them stands rather than feeding them the whole log again.
#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "events/consumer.h"
#include "events/dispatcher.h"
#include "events/event_log.h"
#include "redis/redis_connection.h"
#include "redis/redis_lease.h"
#include "redis/redis_script.h"

namespace tw::events {

struct StreamRelayOptions {
  std::string prefix = "tw:";           // the Redis keys' prefix
  std::string holder;                   // this server's name on the lease
  std::chrono::milliseconds lease_ttl{5'000};
  std::vector<std::string> groups;      // the consumers that read the streams
};

class StreamRelay final : public Consumer {
 public:
  StreamRelay(redis::RedisConnection& connection, EventLog& outbox, StreamRelayOptions options);

  std::string_view name() const override { return "relay"; }
  // Copies the batch into the streams (the outbox dispatcher calls it).
  Task<core::Status> handle(const std::vector<DecodedEvent>& batch) override;

  // While this server holds the lease, rounds of `outbox` (a dispatcher over the outbox log with
  // this relay added); otherwise waits and asks again. Until its event loop stops.
  Task<void> run(Dispatcher& outbox);
  // Whether this server held the lease when it last asked.
  bool leading() const { return leading_.load(); }

 private:
  Task<core::Status> make_groups();
  Task<core::Status> start_where_consumers_are();

  redis::RedisConnection& connection_;
  EventLog& outbox_;
  StreamRelayOptions options_;
  redis::RedisLease lease_;
  redis::RedisScript append_;
  bool groups_made_ = false;  // touched by run()'s loop only
  bool started_ = false;
  std::atomic<bool> leading_{false};
};

}  // namespace tw::events
