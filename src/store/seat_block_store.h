#pragma once
// SeatBlockStore: seats organisers took off sale (core/seat_block.h). Conventions in
// database.h. Every change is all-or-nothing over the seats it names.
#include <vector>

#include "async/task.h"
#include "core/result.h"
#include "store/records.h"

namespace tw::store {

class SeatBlockStore {
 public:
  virtual ~SeatBlockStore() = default;
  // Records the blocks (seats of one event) with `messages`, in one transaction. kConflict
  // "seats_unavailable" when a seat is blocked already or has a live ticket: nothing is written.
  virtual Task<core::Status> add_blocks(std::vector<SeatBlock> blocks, std::vector<OutboxMessage> messages) = 0;
  // An event's blocked seats, by seat index.
  virtual Task<core::Result<std::vector<SeatBlock>>> blocks_of(std::int64_t event_id) = 0;
  // Takes these seats of the event out of their blocks (released to sale, or issued), with
  // `messages`, in one transaction. kConflict "not_blocked" when one of them is not blocked (a
  // release racing another): nothing is written.
  virtual Task<core::Status> end_blocks(std::int64_t event_id, std::vector<int> seats,
                                        std::vector<OutboxMessage> messages) = 0;
  // Blocked seats whose release time is at or before `now_ms`, the earliest first.
  virtual Task<core::Result<std::vector<SeatBlock>>> blocks_due(std::int64_t now_ms, int limit) = 0;
};

inline core::Error seats_unavailable_to_block() {
  return core::conflict("seats_unavailable", "A seat is blocked already or has a ticket");
}
inline core::Error seats_not_blocked() {
  return core::conflict("not_blocked", "A seat named is not blocked (released or issued meanwhile)");
}

}  // namespace tw::store
