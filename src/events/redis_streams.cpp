#include "events/redis_streams.h"

#include <charconv>

#include "events/event_codec.h"
#include "redis/redis_script.h"

namespace tw::events {
namespace {

using Kind = redis::RedisReply::Kind;

core::Error malformed(std::string what) {
  return core::internal("Redis answered a stream read unexpectedly: " + std::move(what));
}

bool is_text(const redis::RedisReply& r) {
  return r.kind == Kind::kString || r.kind == Kind::kStatus;
}

// One [id, [field, value, …]] pair; the fields may be nil (the entry was deleted).
core::Result<StreamEntry> entry(const std::string& stream, const redis::RedisReply& r) {
  if (r.kind != Kind::kArray || r.elements.size() != 2 || !is_text(r.elements[0]))
    return malformed("an entry");
  StreamEntry out{stream, r.elements[0].text, 0, std::nullopt};
  const auto sequence = entry_sequence(out.id);
  if (!sequence) return malformed("entry id " + out.id);
  out.sequence = *sequence;
  const auto& fields = r.elements[1];
  if (fields.kind == Kind::kNil) return out;
  if (fields.kind != Kind::kArray || fields.elements.size() % 2 != 0)
    return malformed("the fields of " + out.id);
  LoggedEvent e{*sequence};
  for (std::size_t i = 0; i + 1 < fields.elements.size(); i += 2) {
    const auto& name = fields.elements[i].text;
    const auto& value = fields.elements[i + 1].text;
    if (name == "id")
      e.id = value;
    else if (name == "type")
      e.type = value;
    else if (name == "key")
      e.key = value;
    else if (name == "payload")
      e.payload = value;
    else if (name == "at")
      std::from_chars(value.data(), value.data() + value.size(), e.created_at_ms);
  }
  out.event = std::move(e);
  return out;
}

core::Status append_entries(const std::string& stream, const redis::RedisReply& list,
                            std::vector<StreamEntry>& out) {
  if (list.kind != Kind::kArray) return malformed("the entries of " + stream);
  for (const auto& r : list.elements) {
    if (r.kind == Kind::kNil) continue;  // Redis 6.2's XAUTOCLAIM: an entry deleted meanwhile
    auto e = entry(stream, r);
    if (!e) return e.error();
    out.push_back(std::move(e).value());
  }
  return core::Ok{};
}

}  // namespace

std::string stream_key(std::string_view prefix, std::string_view type) {
  return std::string(prefix) + "events:" + std::string(type);
}

std::string relay_lease_key(std::string_view prefix) {
  return std::string(prefix) + "events:relay";
}
std::string relayed_key(std::string_view prefix) {
  return std::string(prefix) + "events:relayed";
}
std::string trimmed_key(std::string_view prefix) {
  return std::string(prefix) + "events:trimmed";
}

std::vector<std::string> stream_keys(std::string_view prefix) {
  std::vector<std::string> out;
  for (auto type : event_type_names()) out.push_back(stream_key(prefix, type));
  return out;
}

std::string entry_id(std::int64_t sequence) {
  return std::to_string(sequence) + "-0";
}

std::optional<std::int64_t> entry_sequence(std::string_view id) {
  std::int64_t sequence = 0;
  const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), sequence);
  if (ec != std::errc() || sequence <= 0 || std::string_view(end, id.data() + id.size() - end) != "-0")
    return std::nullopt;
  return sequence;
}

std::vector<std::string> entry_fields(const LoggedEvent& event) {
  return {"id",      event.id,  "type",        event.type, "key",
          event.key, "payload", event.payload, "at",       std::to_string(event.created_at_ms)};
}

core::Result<std::vector<StreamEntry>> read_entries(const redis::RedisReply& reply) {
  std::vector<StreamEntry> out;
  if (reply.kind == Kind::kNil) return out;
  if (reply.kind != Kind::kArray) return malformed("not a list of streams");
  for (const auto& stream : reply.elements) {
    if (stream.kind != Kind::kArray || stream.elements.size() != 2 || !is_text(stream.elements[0])) {
      return malformed("a stream");
    }
    if (auto st = append_entries(stream.elements[0].text, stream.elements[1], out); !st) return st.error();
  }
  return out;
}

core::Result<std::vector<StreamEntry>> claimed_entries(const std::string& stream,
                                                       const redis::RedisReply& reply) {
  if (reply.kind != Kind::kArray || reply.elements.size() < 2) return malformed("an XAUTOCLAIM answer");
  std::vector<StreamEntry> out;
  if (auto st = append_entries(stream, reply.elements[1], out); !st) return st.error();
  if (reply.elements.size() > 2 && reply.elements[2].kind == Kind::kArray) {
    for (const auto& id : reply.elements[2].elements) {
      const auto sequence = entry_sequence(id.text);
      if (sequence) out.push_back({stream, id.text, *sequence, std::nullopt});
    }
  }
  return out;
}

Task<core::Status> make_groups(redis::RedisConnection& connection, std::string_view prefix, const std::string& group) {
  for (const auto& stream : stream_keys(prefix)) {
    std::vector<std::string> create{"XGROUP", "CREATE", stream, group, "0", "MKSTREAM"};
    auto reply = co_await connection.command(std::move(create));
    if (!reply) co_return reply.error();
    if (reply->kind == Kind::kError && !reply->text.starts_with("BUSYGROUP")) co_return redis::unexpected_reply(*reply);
  }
  co_return core::Ok{};
}

const redis::RedisReply* xinfo_field(const redis::RedisReply& pairs, std::string_view name) {
  for (std::size_t i = 0; i + 1 < pairs.elements.size(); i += 2) {
    if (pairs.elements[i].text == name) return &pairs.elements[i + 1];
  }
  return nullptr;
}

const redis::RedisReply* xinfo_group(const redis::RedisReply& groups, std::string_view group) {
  for (const auto& g : groups.elements) {
    const auto* name = xinfo_field(g, "name");
    if (name && name->text == group) return &g;
  }
  return nullptr;
}

std::int64_t sequence_in(const redis::RedisReply* id) {
  return id ? entry_sequence(id->text).value_or(0) : 0;
}

}  // namespace tw::events
