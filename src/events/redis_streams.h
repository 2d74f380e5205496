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

#include "async/task.h"
#include "core/result.h"
#include "events/event_log.h"
#include "redis/redis_connection.h"

namespace tw::events {

std::string stream_key(std::string_view prefix, std::string_view type);
// The relay's lease; the last sequence relayed (gone: Redis lost the streams); the sequence up
// to which the streams were trimmed.
std::string relay_lease_key(std::string_view prefix);
std::string relayed_key(std::string_view prefix);
std::string trimmed_key(std::string_view prefix);
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
core::Result<std::vector<StreamEntry>> claimed_entries(const std::string& stream,
                                                       const redis::RedisReply& reply);

// Makes `group` on every stream of `prefix`, reading from the start; groups already there stay.
Task<core::Status> make_groups(redis::RedisConnection& connection, std::string_view prefix, const std::string& group);

// In an XINFO answer (alternating names and values): the value named `name`, or null.
const redis::RedisReply* xinfo_field(const redis::RedisReply& pairs, std::string_view name);
// `group`'s entry in an XINFO GROUPS answer, or null when the stream has no such group.
const redis::RedisReply* xinfo_group(const redis::RedisReply& groups, std::string_view group);
// The sequence of an id in an XINFO or XPENDING answer; 0 for none or "0-0".
std::int64_t sequence_in(const redis::RedisReply* id);

}  // namespace tw::events
