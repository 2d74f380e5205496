#pragma once
// How the event log looks in Redis Streams (cluster mode; docs/events.md). One stream per event
// type, "<prefix>events:<type>" (the seed's topics), whose entry ids are the outbox sequences
// ("<sequence>-0"): Redis refuses an id not above a stream's last, so copying an event twice adds
// nothing and every stream stays in log order. Entry fields: id (the event's UUID), type, key,
// payload, at (created_at_ms). Each consumer reads through a consumer group of its own name.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "events/event_log.h"
#include "redis/redis_connection.h"

namespace tw::events {

std::string stream_key(std::string_view prefix, std::string_view type);
// The streams of every event type this build knows.
std::vector<std::string> stream_keys(std::string_view prefix);

std::string entry_id(std::int64_t sequence);
// The sequence an entry id carries; nullopt for an id that is not "<sequence>-0".
std::optional<std::int64_t> entry_sequence(std::string_view id);
// XADD's arguments after the stream and the id: field, value, …
std::vector<std::string> entry_fields(const LoggedEvent& event);

// An entry read through a group. `event` is empty for an entry pending in the group whose data
// the stream no longer holds (trimmed): nothing to hand over, only to acknowledge.
struct StreamEntry {
  std::string stream;
  std::string id;
  std::int64_t sequence = 0;
  std::optional<LoggedEvent> event;
};

// The entries of an XREADGROUP reply: [[stream, [[id, [field, value, …] or nil], …]], …], or nil.
core::Result<std::vector<StreamEntry>> read_entries(const redis::RedisReply& reply);
// The entries an XAUTOCLAIM on `stream` took: [next id, [[id, fields], …], [deleted ids]]; the
// deleted ones come back without an event.
core::Result<std::vector<StreamEntry>> claimed_entries(const std::string& stream, const redis::RedisReply& reply);

}  // namespace tw::events
