#pragma once
// RedisQueueLine: the cluster's QueueLine, shared by every server. A room's line is a handful of
// keys under one hash tag (so a Redis Cluster keeps them in one slot):
//   room     hash: the record (settings, seed, commitment, pass key, draw time, flags), the next
//            turn, counters and the doorman's admission budget
//   pre      sorted set: the pre-queue (score: when joined)
//   line     sorted set: waiting with a turn (score: the turn)
//   seen     sorted set: let in and shopping (score: when last seen)
//   held     set: let in and buying (a hold or checkout seen)
//   entries  hash: queue id -> "user|joined|turn|state|admitted|expires"
//   users    hash: account -> its latest queue id
//   recent   sorted set: admissions of the last minute
//   order    list: the pre-queue's ids as drawn (published after the draw)
// and a set of every room's event id. Each step is one Lua script (queue_scripts.h), so two
// servers never hand out one turn twice or let one fan in twice. The doorman runs on one server
// at a time under a lease; its admission budget lives in the room, so a server taking over
// carries it on and the room's rate holds while servers die and start.
//
// Rooms (not places) are also written to the QueueStore: a Redis that comes back empty gets its
// rooms back (their settings, seed and pass key) at the next start, not their lines.
#include <array>
#include <memory>
#include <string>

#include "queue/queue_line.h"
#include "redis/redis_address.h"
#include "redis/redis_connection.h"
#include "redis/redis_lease.h"
#include "redis/redis_script.h"
#include "store/queue_store.h"

namespace tw::queue {

class RedisQueueLine final : public QueueLine {
 public:
  // `holder` names this server on the doorman's lease.
  RedisQueueLine(const redis::RedisAddress& address, store::QueueStore& store, std::string holder);
  ~RedisQueueLine() override;
  // Waits up to `ms` for the first connection; false when Redis could not be reached.
  bool wait_connected(int ms) { return connection_.wait_connected(ms); }

  Task<core::Status> load() override;
  Task<core::Result<std::vector<core::WaitingRoomRecord>>> rooms() override;
  Task<core::Result<core::WaitingRoomRecord>> configure(std::int64_t event_id, core::WaitingRoomSettings settings,
                                                        core::WaitingRoomRecord fresh) override;
  Task<core::Status> change(std::int64_t event_id, RoomChange change) override;
  Task<core::Result<LineState>> state(std::int64_t event_id, std::int64_t user_id, std::int64_t now_ms,
                                      bool seen) override;
  Task<core::Result<core::QueueEntry>> join(core::QueueEntry entry) override;
  Task<core::Result<std::optional<core::QueueEntry>>> shopper(std::int64_t event_id, std::int64_t user_id,
                                                              std::int64_t now_ms) override;
  Task<core::Status> finish(std::int64_t event_id, std::int64_t user_id) override;
  Task<core::Result<std::vector<std::string>>> drawn_order(std::int64_t event_id) override;
  Task<bool> doorman_here() override;
  Task<core::Status> admit(std::int64_t event_id, DoormanRound round) override;

 private:
  enum Script { kConfigure, kRestore, kChange, kState, kJoin, kShopper, kFinish, kRound, kDraw, kAdmit, kScriptCount };

  Task<core::Result<redis::RedisReply>> run(Script script, std::int64_t event_id, std::vector<std::string> args);
  // The doorman's first step (kRound): nullopt when there is no room or no sale open.
  Task<core::Result<std::optional<redis::RedisReply>>> round_start(std::int64_t event_id, const DoormanRound& round);
  // The draw, from what round_start read; the room saved with its draw time.
  Task<core::Status> draw(std::int64_t event_id, const redis::RedisReply& started, std::int64_t now_ms);
  std::string base(std::int64_t event_id) const;
  std::string rooms_key() const;

  std::string prefix_;
  store::QueueStore& store_;
  redis::RedisConnection connection_;
  std::array<std::unique_ptr<redis::RedisScript>, kScriptCount> scripts_;
  redis::RedisLease lease_;
};

}  // namespace tw::queue
