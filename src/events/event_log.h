#pragma once
// EventLog port: the ordered record of what happened (seat_locked, seat_released, ticket_sold,
// payment_processed, ticket_cancelled), as stored in the outbox table in the same transaction as
// the change. Consumers read after their stored offset and commit it when done, so a consumer
// that dies re-reads and must be idempotent.
// Embedded adapter: OutboxEventLog, the outbox read through the store. Scale-out adapter:
// StreamEventLog, the Redis streams the StreamRelay copies the outbox into (cluster mode).
#include <cstdint>
#include <string>
#include <vector>

#include "async/task.h"
#include "core/result.h"

namespace tw::events {

struct LoggedEvent {
  std::int64_t sequence = 0;  // strictly increasing, gap-free per log
  std::string id;             // UUID
  std::string type;
  std::string key;      // partition key, e.g. "<eventId>-<seatId>"
  std::string payload;  // JSON object
  std::int64_t created_at_ms = 0;
};

// Where a consumer stands: the sequence it handled up to, and the log's last.
struct ConsumerPosition {
  std::int64_t offset = 0;
  std::int64_t last_sequence = 0;
  std::int64_t lag() const { return last_sequence > offset ? last_sequence - offset : 0; }
};

class EventLog {
 public:
  virtual ~EventLog() = default;
  // Up to `limit` events with sequence greater than `consumer`'s committed offset.
  virtual Task<core::Result<std::vector<LoggedEvent>>> read(std::string consumer, int limit) = 0;
  // Records that `consumer` has handled everything up to `sequence`.
  virtual Task<core::Status> commit(std::string consumer, std::int64_t sequence) = 0;
  // Makes `consumer` read again everything after `sequence` (events replay); an offset already
  // at or before it stays.
  virtual Task<core::Status> rewind(std::string consumer, std::int64_t sequence) = 0;
  virtual Task<core::Result<ConsumerPosition>> position(std::string consumer) = 0;
};

}  // namespace tw::events
