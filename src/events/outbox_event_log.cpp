#include "events/outbox_event_log.h"

namespace tw::events {

bool OutboxEventLog::gap_passed(const std::string& consumer, std::int64_t missing, std::int64_t next_created_ms,
                                std::int64_t now) {
  std::lock_guard lock(mu_);
  auto& [sequence, since] = gaps_[consumer];
  if (sequence != missing) {
    sequence = missing;
    since = now;
  }
  return now - since >= options_.gap_grace_ms && now - next_created_ms >= options_.gap_grace_ms;
}

Task<core::Result<std::vector<LoggedEvent>>> OutboxEventLog::read(std::string consumer, int limit) {
  auto offset = co_await store_.consumer_offset(consumer);
  if (!offset) co_return offset.error();
  auto rows = co_await store_.outbox_after(*offset, limit);
  if (!rows) co_return rows.error();
  const auto now = clock_.now_ms();
  std::vector<LoggedEvent> out;
  std::int64_t expected = *offset + 1;
  for (auto& row : *rows) {
    if (row.sequence != expected && !gap_passed(consumer, expected, row.created_at_ms, now)) break;  // see the header
    expected = row.sequence + 1;
    out.push_back({row.sequence, std::move(row.id), std::move(row.type), std::move(row.key), std::move(row.payload),
                   row.created_at_ms});
  }
  co_return out;
}

Task<core::Status> OutboxEventLog::commit(std::string consumer, std::int64_t sequence) {
  co_return co_await store_.commit_offset(std::move(consumer), sequence, clock_.now_ms());
}

Task<core::Status> OutboxEventLog::rewind(std::string consumer, std::int64_t sequence) {
  co_return co_await store_.rewind_offset(std::move(consumer), sequence, clock_.now_ms());
}

Task<core::Result<ConsumerPosition>> OutboxEventLog::position(std::string consumer) {
  auto offset = co_await store_.consumer_offset(std::move(consumer));
  if (!offset) co_return offset.error();
  auto last = co_await store_.last_sequence();
  if (!last) co_return last.error();
  co_return ConsumerPosition{*offset, *last};
}

}  // namespace tw::events
