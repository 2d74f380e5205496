#pragma once
// RedisInventory: the scale-out Inventory, shared by every instance of a cluster. Each operation
// is one Lua script (redis_scripts.h), atomic over all the seats it names, sent over one
// pipelined, non-blocking connection (redis_connection.h). Scripts are loaded once and called by
// their SHA; a Redis that restarted (NOSCRIPT) gets them again.
//
// When Redis restarts empty, every event answers "event_not_open"; the first instance to open it
// again rebuilds it from the database's snapshot under a short Redis lock while the others wait
// (and answer kUnavailable "inventory_rebuilding" if the rebuild takes too long). The database's
// unique index on live tickets stays the final guard meanwhile.
#include <array>
#include <memory>
#include <string>

#include "inventory/inventory.h"
#include "redis/redis_address.h"
#include "redis/redis_connection.h"
#include "redis/redis_script.h"

namespace tw::inventory {

struct RedisInventoryOptions {
  int rebuild_wait_ms = 5'000;    // how long an instance waits for another's rebuild
  int rebuild_lock_ms = 30'000;   // a rebuilder that died frees the lock after this
  int expire_batch = 1'000;       // holds taken per event per take_expired call
  int expiry_lease_ms = 5'000;    // a taken hold not confirmed by then is handed out again
};

class RedisInventory final : public Inventory {
 public:
  explicit RedisInventory(redis::RedisAddress address, RedisInventoryOptions options = {});
  ~RedisInventory() override;

  // Waits up to `ms` for the first connection; false when Redis could not be reached.
  bool wait_connected(int ms);

  Task<core::Status> open_event(std::int64_t event_id, SnapshotLoader load) override;
  Task<core::Result<HoldOutcome>> hold(HoldRequest request) override;
  Task<core::Status> extend(std::int64_t event_id, std::string hold_id, std::int64_t expires_at_ms) override;
  Task<core::Status> release(std::int64_t event_id, std::string hold_id) override;
  Task<core::Status> sell(std::int64_t event_id, std::string hold_id, std::int64_t user_id,
                          std::vector<int> seats) override;
  Task<core::Status> unsell(std::int64_t event_id, std::int64_t user_id, std::vector<int> seats) override;
  Task<core::Result<HoldOutcome>> transfer(std::int64_t event_id, std::int64_t from, std::int64_t to,
                                           std::vector<int> seats, int per_user_limit) override;
  Task<core::Result<std::vector<ExpiredHold>>> take_expired(std::int64_t now_ms) override;
  Task<core::Status> confirm_expired(std::vector<ExpiredHold> holds) override;
  Task<core::Result<Availability>> availability(std::int64_t event_id) override;
  Task<core::Result<SeatCounts>> counts(std::int64_t event_id) override;
  Task<core::Status> close_event(std::int64_t event_id) override;
  Task<core::Status> ping() override;

 private:
  enum Script { kOpen, kHold, kExtend, kRelease, kSell, kUnsell, kTransfer, kTakeExpired, kAvailability, kCounts, kClose, kUnlock, kConfirmExpired, kScriptCount };

  // Sends one command; a connection that is down becomes kUnavailable "inventory_unavailable".
  Task<core::Result<redis::RedisReply>> send(std::vector<std::string> command);
  // Runs one of the scripts (redis_script.h); an error reply is kInternal, a lost connection
  // kUnavailable "inventory_unavailable".
  Task<core::Result<redis::RedisReply>> run(Script script, std::vector<std::string> keys, std::vector<std::string> args);
  std::vector<std::string> event_keys(std::int64_t event_id) const;
  std::string events_key() const;
  std::string rebuild_lock_key(std::int64_t event_id) const;
  Task<core::Result<bool>> is_open(std::int64_t event_id);
  Task<core::Status> rebuild(std::int64_t event_id, const SnapshotLoader& load);
  Task<core::Status> list_for_expiry(std::int64_t event_id);

  redis::RedisAddress address_;
  RedisInventoryOptions options_;
  std::unique_ptr<redis::RedisConnection> connection_;
  std::array<std::unique_ptr<redis::RedisScript>, kScriptCount> scripts_;
};

}  // namespace tw::inventory
