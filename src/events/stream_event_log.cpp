#include "events/stream_event_log.h"

#include <algorithm>
#include <charconv>

namespace tw::events {
namespace {

using Kind = redis::RedisReply::Kind;

std::int64_t integer_of(const redis::RedisReply* r) {
  return r && r->kind == Kind::kInteger ? r->integer : 0;
}

}  // namespace

StreamEventLog::StreamEventLog(redis::RedisConnection& connection, EventLog& source,
                               StreamEventLogOptions options)
    : connection_(connection),
      source_(source),
      options_(std::move(options)),
      streams_(stream_keys(options_.prefix)) {}

Task<core::Result<redis::RedisReply>> StreamEventLog::send(std::vector<std::string> command) {
  auto reply = co_await connection_.command(std::move(command));
  if (!reply) co_return reply.error();
  if (reply->kind != Kind::kError) co_return reply;
  if (reply->text.starts_with("NOGROUP")) {  // Redis restarted empty: make the groups again
    std::lock_guard lock(mu_);
    groups_made_.clear();
    co_return core::unavailable("event_log_unavailable", "The event streams are being set up again");
  }
  co_return redis::unexpected_reply(*reply);
}

Task<core::Status> StreamEventLog::make_groups(const std::string& group) {
  {
    std::lock_guard lock(mu_);
    if (groups_made_.contains(group)) co_return core::Ok{};
  }
  if (auto st = co_await events::make_groups(connection_, options_.prefix, group); !st) co_return st;
  std::lock_guard lock(mu_);
  groups_made_.insert(group);
  co_return core::Ok{};
}

Task<core::Result<std::vector<StreamEntry>>> StreamEventLog::read_group(const std::string& group, int limit,
                                                                        const char* from) {
  std::vector<std::string> command{"XREADGROUP",          "GROUP",  group, options_.member, "COUNT",
                                   std::to_string(limit), "STREAMS"};
  command.insert(command.end(), streams_.begin(), streams_.end());
  command.insert(command.end(), streams_.size(), from);
  auto reply = co_await send(std::move(command));
  if (!reply) co_return reply.error();
  co_return read_entries(*reply);
}

Task<core::Result<std::vector<StreamEntry>>> StreamEventLog::claim(const std::string& group, int limit) {
  std::vector<StreamEntry> out;
  for (const auto& stream : streams_) {
    std::vector<std::string> command{"XAUTOCLAIM",
                                     stream,
                                     group,
                                     options_.member,
                                     std::to_string(options_.claim_idle.count()),
                                     "0-0",
                                     "COUNT",
                                     std::to_string(limit)};
    auto reply = co_await send(std::move(command));
    if (!reply) co_return reply.error();
    auto taken = claimed_entries(stream, *reply);
    if (!taken) co_return taken.error();
    for (auto& e : *taken) out.push_back(std::move(e));
  }
  co_return out;
}

bool StreamEventLog::claim_due(const std::string& group) {
  const auto now = std::chrono::steady_clock::now();
  const auto every =
      std::max<std::chrono::milliseconds>(options_.claim_idle / 4, std::chrono::milliseconds(100));
  std::lock_guard lock(mu_);
  auto [at, first] = claimed_at_.try_emplace(group, now);
  if (!first && now - at->second < every) return false;
  at->second = now;
  return true;
}

Task<core::Result<std::vector<StreamEntry>>> StreamEventLog::next_entries(const std::string& group,
                                                                          int limit) {
  auto mine = co_await read_group(group, limit, "0");  // given to this server, not acknowledged
  if (!mine || !mine->empty()) co_return mine;
  if (claim_due(group)) {
    auto taken = co_await claim(group, limit);
    if (!taken || !taken->empty()) co_return taken;
  }
  co_return co_await read_group(group, limit, ">");
}

Task<core::Result<std::vector<LoggedEvent>>> StreamEventLog::read(std::string consumer, int limit) {
  if (auto st = co_await make_groups(consumer); !st) co_return st.error();
  auto entries = co_await next_entries(consumer, limit);
  if (!entries) co_return entries.error();
  std::vector<StreamEntry> gone, kept;
  for (auto& e : *entries) (e.event ? kept : gone).push_back(std::move(e));
  if (auto st = co_await acknowledge(consumer, gone); !st) co_return st.error();  // nothing left to hand over
  std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.sequence < b.sequence; });
  if (static_cast<int>(kept.size()) > limit)
    kept.resize(static_cast<std::size_t>(limit));  // the rest: next read
  std::vector<LoggedEvent> out;
  for (const auto& e : kept) out.push_back(*e.event);
  std::lock_guard lock(mu_);
  handed_[consumer] = std::move(kept);
  co_return out;
}

Task<core::Status> StreamEventLog::acknowledge(const std::string& group,
                                               const std::vector<StreamEntry>& entries) {
  std::map<std::string, std::vector<std::string>> ids;
  for (const auto& e : entries) ids[e.stream].push_back(e.id);
  for (auto& [stream, list] : ids) {
    std::vector<std::string> command{"XACK", stream, group};
    command.insert(command.end(), list.begin(), list.end());
    auto reply = co_await send(std::move(command));
    if (!reply) co_return reply.error();
  }
  co_return core::Ok{};
}

Task<core::Status> StreamEventLog::commit(std::string consumer, std::int64_t sequence) {
  std::vector<StreamEntry> done;
  {
    std::lock_guard lock(mu_);
    auto& handed = handed_[consumer];
    const auto split = std::stable_partition(handed.begin(), handed.end(),
                                             [&](const StreamEntry& e) { return e.sequence > sequence; });
    done.assign(std::make_move_iterator(split), std::make_move_iterator(handed.end()));
    handed.erase(split, handed.end());
  }
  co_return co_await acknowledge(consumer, done);
}

Task<core::Status> StreamEventLog::rewind(std::string consumer, std::int64_t sequence) {
  if (auto st = co_await make_groups(consumer); !st) co_return st;
  std::vector<std::string> get{"GET", trimmed_key(options_.prefix)};
  auto trimmed = co_await send(std::move(get));
  if (!trimmed) co_return trimmed.error();
  std::int64_t gone = 0;  // the sequence the relay trimmed up to; none yet
  if (trimmed->kind == Kind::kString)
    std::from_chars(trimmed->text.data(), trimmed->text.data() + trimmed->text.size(), gone);
  if (sequence < gone) {
    co_return core::invalid("replay_too_old", "Redis keeps the event log after sequence " +
                                                  std::to_string(gone) +
                                                  " (the outbox keeps it all): replay from " +
                                                  std::to_string(gone + 1) + " or later");
  }
  const std::string to = sequence > 0 ? entry_id(sequence) : "0";
  for (const auto& stream : streams_) {
    std::vector<std::string> info{"XINFO", "GROUPS", stream};
    auto groups = co_await send(std::move(info));
    if (!groups) co_return groups.error();
    const auto* g = xinfo_group(*groups, consumer);
    if (!g || sequence_in(xinfo_field(*g, "last-delivered-id")) <= sequence) continue;  // never forward
    std::vector<std::string> setid{"XGROUP", "SETID", stream, consumer, to};
    auto moved = co_await send(std::move(setid));
    if (!moved) co_return moved.error();
  }
  co_return core::Ok{};
}

Task<core::Result<ConsumerPosition>> StreamEventLog::position(std::string consumer) {
  if (auto st = co_await make_groups(consumer); !st) co_return st.error();
  std::int64_t copied = 0, outstanding = 0;
  for (const auto& stream : streams_) {
    std::vector<std::string> info{"XINFO", "STREAM", stream};
    auto s = co_await send(std::move(info));
    if (!s) co_return s.error();
    copied = std::max(copied, sequence_in(xinfo_field(*s, "last-generated-id")));
    std::vector<std::string> groups_info{"XINFO", "GROUPS", stream};
    auto groups = co_await send(std::move(groups_info));
    if (!groups) co_return groups.error();
    if (const auto* g = xinfo_group(*groups, consumer)) {
      outstanding += integer_of(xinfo_field(*g, "pending")) + integer_of(xinfo_field(*g, "lag"));
    }
  }
  auto source = co_await source_.position(consumer);
  if (!source) co_return source.error();
  ConsumerPosition p{0, std::max(source->last_sequence, copied)};
  p.offset = std::max<std::int64_t>(0, copied - outstanding);
  co_return p;
}

}  // namespace tw::events
