#pragma once
// OutboxEventLog: the EventLog over the outbox table, with consumer offsets stored beside it
// (store/outbox_store.h). Works on either database.
//
// Gaps. A sequence is taken when a transaction writes its row, not when it commits, so on
// PostgreSQL a later row can be visible before an earlier one commits (and a rolled-back
// transaction leaves a hole for good). Reading past such a gap at once could skip the earlier
// event forever, so a read stops before a gap until the gap has been seen for `gap_grace_ms`
// and the row after it is that old: time for any transaction that took the missing sequence to
// commit or be gone. The grace counts from when this process first saw the gap, not only from
// the rows' age: a server started after a crash finds old rows around a sequence whose
// transaction may still be committing. A transaction still open after that long would have its
// event skipped; the store's transactions last milliseconds. SQLite's single writer never leaves
// such gaps.
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "core/clock.h"
#include "events/event_log.h"
#include "store/outbox_store.h"

namespace tw::events {

struct OutboxEventLogOptions {
  std::int64_t gap_grace_ms = 5'000;
};

class OutboxEventLog final : public EventLog {
 public:
  OutboxEventLog(store::OutboxStore& store, const core::Clock& clock, OutboxEventLogOptions options = {})
      : store_(store), clock_(clock), options_(options) {}

  Task<core::Result<std::vector<LoggedEvent>>> read(std::string consumer, int limit) override;
  Task<core::Status> commit(std::string consumer, std::int64_t sequence) override;
  Task<core::Status> rewind(std::string consumer, std::int64_t sequence) override;
  Task<core::Result<ConsumerPosition>> position(std::string consumer) override;

 private:
  // True once the gap before `missing` may be passed (see the header comment).
  bool gap_passed(const std::string& consumer, std::int64_t missing, std::int64_t next_created_ms, std::int64_t now);

  store::OutboxStore& store_;
  const core::Clock& clock_;
  OutboxEventLogOptions options_;
  std::mutex mu_;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> gaps_;  // consumer -> (missing, first seen); mu_
};

}  // namespace tw::events
