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
//
// Upkeep, every few seconds while it leads: the floor, the last sequence every consumer group
// has acknowledged on every stream, is stored in the database (offset "streams-floor"), and the
// streams are trimmed below it, keeping at least the last `keep` events for replays. If Redis
// comes back without the streams (a restart without persistence), the relay notices (its marker
// key is gone) and copies the outbox again from the stored floor: what Redis lost is handed to
// the consumers again, and they act on each event once.
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
  std::string prefix = "tw:";  // the Redis keys' prefix
  std::string holder;          // this server's name on the lease
  std::chrono::milliseconds lease_ttl{5'000};
  std::vector<std::string> groups;  // the consumers that read the streams
  std::int64_t keep = 100'000;      // events kept in the streams behind the floor
  std::chrono::milliseconds upkeep_every{5'000};
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
  // One upkeep pass (run() makes one every upkeep_every): notices a Redis that lost the streams
  // and relays again from the floor; stores the floor; trims below it.
  Task<core::Status> upkeep();

 private:
  Task<core::Status> make_groups();
  Task<core::Status> start_where_consumers_are();
  // Rewinds the relay to the stored floor after Redis lost the streams.
  Task<core::Status> relay_again_from_floor();
  // The last sequence every group has acknowledged on every stream (at most relayed_).
  Task<core::Result<std::int64_t>> acknowledged_floor();

  redis::RedisConnection& connection_;
  EventLog& outbox_;
  StreamRelayOptions options_;
  redis::RedisLease lease_;
  redis::RedisScript append_;
  bool groups_made_ = false;  // touched by run()'s loop only, as the three below
  bool started_ = false;
  std::int64_t relayed_ = 0;  // the last sequence this relay knows Redis holds; 0: none yet
  std::chrono::steady_clock::time_point upkeep_due_{};
  std::atomic<bool> leading_{false};
};

}  // namespace tw::events
