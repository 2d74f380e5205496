#include "events/stream_relay.h"

#include <algorithm>

#include "async/problem_log.h"
#include "async/sleep.h"
#include "events/redis_streams.h"

namespace tw::events {
namespace {

using Kind = redis::RedisReply::Kind;

// KEYS: each event's stream; ARGV: per event its entry id, then its five field values
// (redis_streams.h). An id not above the stream's last was copied before: passed over.
constexpr const char* kAppend = R"lua(
local added = 0
for i, stream in ipairs(KEYS) do
  local a = (i - 1) * 6
  local r = redis.pcall('XADD', stream, ARGV[a + 1], 'id', ARGV[a + 2], 'type', ARGV[a + 3], 'key', ARGV[a + 4],
                        'payload', ARGV[a + 5], 'at', ARGV[a + 6])
  if type(r) == 'table' and r.err then
    if not string.find(r.err, 'equal or smaller', 1, true) then return r end
  else
    added = added + 1
  end
end
return added
)lua";

}  // namespace

StreamRelay::StreamRelay(redis::RedisConnection& connection, EventLog& outbox, StreamRelayOptions options)
    : connection_(connection),
      outbox_(outbox),
      options_(std::move(options)),
      lease_(connection, options_.prefix + "events:relay", options_.holder, options_.lease_ttl),
      append_(kAppend) {}

Task<core::Status> StreamRelay::make_groups() {
  for (const auto& stream : stream_keys(options_.prefix)) {
    for (const auto& group : options_.groups) {
      std::vector<std::string> create{"XGROUP", "CREATE", stream, group, "0", "MKSTREAM"};
      auto reply = co_await connection_.command(std::move(create));
      if (!reply) co_return reply.error();
      if (reply->kind == Kind::kError && !reply->text.starts_with("BUSYGROUP")) co_return redis::unexpected_reply(*reply);
    }
  }
  co_return core::Ok{};
}

Task<core::Status> StreamRelay::handle(const std::vector<DecodedEvent>& batch) {
  if (!groups_made_) {
    if (auto st = co_await make_groups(); !st) co_return st;
    groups_made_ = true;
  }
  std::vector<std::string> keys, args;
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
  co_return core::Ok{};
}

Task<core::Status> StreamRelay::start_where_consumers_are() {
  auto relay = co_await outbox_.position(std::string(name()));
  if (!relay) co_return relay.error();
  if (relay->offset > 0 || options_.groups.empty()) co_return core::Ok{};
  std::int64_t behind = relay->last_sequence;
  for (const auto& group : options_.groups) {
    auto p = co_await outbox_.position(group);
    if (!p) co_return p.error();
    behind = std::min(behind, p->offset);
  }
  if (behind > 0) co_return co_await outbox_.commit(std::string(name()), behind);
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
    if (wait.count() > 0) co_await sleep_for(wait);
  }
}

}  // namespace tw::events
