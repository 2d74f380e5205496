#pragma once
// OutboxStore: reading the transactional outbox that every other store appends to in the same
// transaction as its change (conventions in database.h).
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
};

}  // namespace tw::store
