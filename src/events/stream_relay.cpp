#include "events/stream_relay.h"

#include <algorithm>

#include "async/log.h"
#include "async/sleep.h"
#include "events/redis_streams.h"

namespace tw::events {
namespace {

using Kind = redis::RedisReply::Kind;

constexpr const char* kFloorOffset = "streams-floor";  // in consumer_offsets, beside the relay's own

// KEYS[1]: the relayed marker, then each event's stream. ARGV[1]: "1" when Redis should hold the
// streams already (answer -1, adding nothing, if the marker is gone: Redis lost them); ARGV[2]:
// the batch's last sequence; then per event its entry id and five field values
// (redis_streams.h). An id not above the stream's last was copied before: passed over.
constexpr const char* kAppend = R"lua(
if ARGV[1] == '1' and redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local added = 0
for i = 2, #KEYS do
  local a = 2 + (i - 2) * 6
  local r = redis.pcall('XADD', KEYS[i], ARGV[a + 1], 'id', ARGV[a + 2], 'type', ARGV[a + 3], 'key', ARGV[a + 4],
                        'payload', ARGV[a + 5], 'at', ARGV[a + 6])
  if type(r) == 'table' and r.err then
    if not string.find(r.err, 'equal or smaller', 1, true) then return r end
  else
    added = added + 1
  end
end
if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[2]) then redis.call('SET', KEYS[1], ARGV[2]) end
return added
)lua";

}  // namespace

StreamRelay::StreamRelay(redis::RedisConnection& connection, EventLog& outbox, StreamRelayOptions options)
    : connection_(connection),
      outbox_(outbox),
      options_(std::move(options)),
      lease_(connection, relay_lease_key(options_.prefix), options_.holder, options_.lease_ttl),
      append_(kAppend) {}

Task<core::Status> StreamRelay::make_groups() {
  for (const auto& group : options_.groups) {
    if (auto st = co_await events::make_groups(connection_, options_.prefix, group); !st) co_return st;
  }
  co_return core::Ok{};
}

Task<core::Status> StreamRelay::handle(const std::vector<DecodedEvent>& batch) {
  if (!groups_made_) {
    if (auto st = co_await make_groups(); !st) co_return st;
    groups_made_ = true;
  }
  std::vector<std::string> keys{relayed_key(options_.prefix)};
  std::vector<std::string> args{relayed_ > 0 ? "1" : "0", std::to_string(batch.back().logged.sequence)};
  for (const auto& e : batch) {
    keys.push_back(stream_key(options_.prefix, e.logged.type));
    args.push_back(entry_id(e.logged.sequence));
    auto fields = entry_fields(e.logged);  // the script names the fields: only their values go
    for (std::size_t i = 1; i < fields.size(); i += 2) args.push_back(std::move(fields[i]));
  }
  auto reply = co_await append_.run(connection_, std::move(keys), std::move(args));
  if (!reply) {
    groups_made_ = false;  // Redis may have restarted empty: make them again first
    co_return reply.error();
  }
  if (reply->kind == Kind::kInteger && reply->integer < 0) {
    groups_made_ = false;
    if (auto st = co_await relay_again_from_floor(); !st) co_return st;
    co_return core::unavailable("event_streams_lost", "Redis lost the event streams; relaying them again");
  }
  relayed_ = batch.back().logged.sequence;
  co_return core::Ok{};
}

Task<core::Status> StreamRelay::relay_again_from_floor() {
  auto floor = co_await outbox_.position(kFloorOffset);
  if (!floor) co_return floor.error();
  log_problem("Redis lost the event streams; relaying the outbox again",
              core::unavailable("event_streams_lost", "from sequence " + std::to_string(floor->offset + 1)),
              options_.holder);
  if (auto st = co_await outbox_.rewind(std::string(name()), floor->offset); !st) co_return st;
  relayed_ = 0;
  co_return core::Ok{};
}

Task<core::Status> StreamRelay::start_where_consumers_are() {
  auto relay = co_await outbox_.position(std::string(name()));
  if (!relay) co_return relay.error();
  relayed_ = relay->offset;
  if (relay->offset > 0 || options_.groups.empty()) co_return core::Ok{};
  std::int64_t behind = relay->last_sequence;
  for (const auto& group : options_.groups) {
    auto p = co_await outbox_.position(group);
    if (!p) co_return p.error();
    behind = std::min(behind, p->offset);
  }
  if (behind > 0) co_return co_await outbox_.commit(std::string(name()), behind);  // nothing in Redis yet
  co_return core::Ok{};
}

Task<core::Result<std::int64_t>> StreamRelay::acknowledged_floor() {
  std::int64_t floor = relayed_;
  for (const auto& stream : stream_keys(options_.prefix)) {
    std::vector<std::string> info{"XINFO", "GROUPS", stream};
    auto groups = co_await connection_.command(std::move(info));
    if (!groups) co_return groups.error();
    if (groups->kind != Kind::kArray) co_return redis::unexpected_reply(*groups);
    for (const auto& group : options_.groups) {
      const auto* g = xinfo_group(*groups, group);
      if (!g) co_return std::int64_t{0};  // made again after a loss: nothing is known acknowledged
      const auto* pending = xinfo_field(*g, "pending");
      std::vector<std::string> next;  // the group's oldest pending entry, else its first unread one
      if (pending && pending->kind == Kind::kInteger && pending->integer > 0) {
        next = {"XPENDING", stream, group, "-", "+", "1"};
      } else {
        const auto* delivered = xinfo_field(*g, "last-delivered-id");
        next = {"XRANGE", stream,  "(" + (delivered ? delivered->text : std::string("0-0")),
                "+",      "COUNT", "1"};
      }
      auto first = co_await connection_.command(std::move(next));
      if (!first) co_return first.error();
      if (first->kind != Kind::kArray) co_return redis::unexpected_reply(*first);
      if (!first->elements.empty() && !first->elements[0].elements.empty()) {
        floor = std::min(floor, sequence_in(&first->elements[0].elements[0]) - 1);
      }
    }
  }
  co_return std::max<std::int64_t>(0, floor);
}

Task<core::Status> StreamRelay::upkeep() {
  std::vector<std::string> exists{"EXISTS", relayed_key(options_.prefix)};
  auto marker = co_await connection_.command(std::move(exists));
  if (!marker) co_return marker.error();
  if (marker->kind == Kind::kInteger && marker->integer == 0) {  // lost while no new event came
    groups_made_ = false;
    co_return co_await relay_again_from_floor();
  }
  auto floor = co_await acknowledged_floor();
  if (!floor) co_return floor.error();
  if (*floor > 0) {
    if (auto st = co_await outbox_.commit(kFloorOffset, *floor); !st) co_return st;
  }
  const auto trim_through = std::min(*floor, relayed_ - options_.keep);
  if (trim_through <= 0) co_return core::Ok{};
  for (const auto& stream : stream_keys(options_.prefix)) {
    std::vector<std::string> trim{"XTRIM", stream, "MINID", entry_id(trim_through + 1)};
    auto reply = co_await connection_.command(std::move(trim));
    if (!reply) co_return reply.error();
  }
  std::vector<std::string> mark{"SET", trimmed_key(options_.prefix), std::to_string(trim_through)};
  auto marked = co_await connection_.command(std::move(mark));
  if (!marked) co_return marked.error();
  co_return core::Ok{};
}

Task<void> StreamRelay::run(Dispatcher& outbox) {
  bool reachable = true;  // reported once per outage, not on every attempt
  for (;;) {
    auto wait = lease_.renew_every();
    auto held = co_await lease_.hold();
    if (!held && reachable) log_problem("the event relay cannot reach Redis", held.error(), options_.holder);
    reachable = held.ok();
    leading_ = held && *held;
    if (leading_ && !started_) {
      auto st = co_await start_where_consumers_are();
      if (!st) log_problem("the event relay cannot read its offset", st.error(), options_.holder);
      started_ = st.ok();
    }
    if (leading_ && started_) wait = std::min(wait, (co_await outbox.round(*this)).wait);
    if (leading_ && started_ && relayed_ > 0 && std::chrono::steady_clock::now() >= upkeep_due_) {
      upkeep_due_ = std::chrono::steady_clock::now() + options_.upkeep_every;
      if (auto st = co_await upkeep(); !st)
        log_problem("the event streams' upkeep failed", st.error(), options_.holder);
    }
    if (wait.count() > 0) co_await sleep_for(wait);
  }
}

}  // namespace tw::events
