#pragma once
// OutboxStore: reading the transactional outbox that every other store appends to in the same
// transaction as its change (conventions in database.h).
#include <string>
#include <vector>

#include "async/task.h"
#include "core/result.h"
#include "store/records.h"

namespace tw::store {

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;
  // Rows with a sequence above `sequence`, in order, at most `limit`.
  virtual Task<core::Result<std::vector<OutboxRow>>> outbox_after(std::int64_t sequence, int limit) = 0;
  // The highest sequence written; 0 while the outbox is empty.
  virtual Task<core::Result<std::int64_t>> last_sequence() = 0;

  // The sequence `consumer` has handled up to; 0 for a consumer never seen.
  virtual Task<core::Result<std::int64_t>> consumer_offset(std::string consumer) = 0;
  // Moves `consumer`'s offset forward to `sequence`; never back (an older commit changes nothing).
  virtual Task<core::Status> commit_offset(std::string consumer, std::int64_t sequence, std::int64_t at_ms) = 0;
  // Moves `consumer`'s offset back to `sequence` (events replay); never forward, so a replay
  // can repeat events but never skip one.
  virtual Task<core::Status> rewind_offset(std::string consumer, std::int64_t sequence, std::int64_t at_ms) = 0;
};

}  // namespace tw::store
