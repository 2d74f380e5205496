#pragma once
// Messages of the event log as the outbox keeps them until they are published.
#include <cstdint>
#include <string>

namespace tw::core {

// One message for the outbox, written in the same transaction as the change it describes.
struct OutboxMessage {
  std::string id;       // UUID, made by the writer
  std::string type;     // events/events.h names them (seat_locked, ticket_sold, …)
  std::string key;      // partition key, e.g. "<eventId>-<seatId>"
  std::string payload;  // JSON object
};

struct OutboxRow {
  std::int64_t sequence = 0;
  std::string id;
  std::string type;
  std::string key;
  std::string payload;
  std::int64_t created_at_ms = 0;
};

}  // namespace tw::core
