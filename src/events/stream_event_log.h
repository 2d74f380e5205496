#pragma once
// StreamEventLog: the EventLog over the Redis streams the relay fills (stream_relay.h), for
// cluster mode. Each consumer reads through a consumer group of its name, so the servers running
// it share the work: each entry goes to one of them and is acknowledged (XACK) when committed.
//
// A read hands over, oldest first: the entries this server was given and has not acknowledged
// (a batch that failed comes again), else entries another server has left pending longer than
// `claim_idle` (it died or hangs: XAUTOCLAIM takes them over), else new ones. So the servers
// may handle entries out of log order between them; the consumers are idempotent by sequence
// and their effects commute (docs/events.md), so the outcome is the same.
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "events/event_log.h"
#include "events/redis_streams.h"
#include "redis/redis_connection.h"
#include "redis/redis_script.h"

namespace tw::events {

struct StreamEventLogOptions {
  std::string prefix = "tw:";  // the Redis keys' prefix
  std::string member;          // this server's name in the consumer groups
  std::chrono::milliseconds claim_idle{30'000};
};

class StreamEventLog final : public EventLog {
 public:
  // `source`: the log the relay copies from (the outbox), whose end is the true end.
  StreamEventLog(redis::RedisConnection& connection, EventLog& source, StreamEventLogOptions options);

  Task<core::Result<std::vector<LoggedEvent>>> read(std::string consumer, int limit) override;
  Task<core::Status> commit(std::string consumer, std::int64_t sequence) override;
  // Moves the group back on every stream (XGROUP SETID), never forward.
  Task<core::Status> rewind(std::string consumer, std::int64_t sequence) override;
  // The source's last sequence, and as offset that minus what the group has still to handle:
  // entries pending or unread in the streams, and events not yet copied into them.
  Task<core::Result<ConsumerPosition>> position(std::string consumer) override;

 private:
  Task<core::Result<std::vector<StreamEntry>>> read_group(const std::string& group, int limit,
                                                          const char* from);
  Task<core::Result<std::vector<StreamEntry>>> claim(const std::string& group, int limit);
  Task<core::Result<std::vector<StreamEntry>>> next_entries(const std::string& group, int limit);
  Task<core::Status> make_groups(const std::string& group);
  Task<core::Status> acknowledge(const std::string& group, const std::vector<StreamEntry>& entries);
  Task<core::Result<redis::RedisReply>> send(std::vector<std::string> command);
  bool claim_due(const std::string& group);

  redis::RedisConnection& connection_;
  EventLog& source_;
  StreamEventLogOptions options_;
  std::vector<std::string> streams_;
  std::mutex mu_;
  std::set<std::string> groups_made_;                       // guarded by mu_
  std::map<std::string, std::vector<StreamEntry>> handed_;  // per group, read and not acknowledged; mu_
  std::map<std::string, std::chrono::steady_clock::time_point> claimed_at_;  // mu_
};

}  // namespace tw::events
