#pragma once
// QueueStore: the waiting rooms (their settings and draw) and the places in them, so a restart
// keeps every place (services/waiting_room.h keeps the rooms in memory and writes through here).
// Conventions in database.h.
#include <optional>
#include <vector>

#include "async/task.h"
#include "core/result.h"
#include "core/waiting_room.h"

namespace tw::store {

class QueueStore {
 public:
  virtual ~QueueStore() = default;
  // Every room, for a server starting up.
  virtual Task<core::Result<std::vector<core::WaitingRoomRecord>>> rooms() = 0;
  // Creates or replaces the room of room.event_id.
  virtual Task<core::Status> save_room(core::WaitingRoomRecord room) = 0;
  // Records a new place. kConflict "already_queued" when the account has a place in that room.
  virtual Task<core::Status> add_entry(core::QueueEntry entry) = 0;
  // A room's places, in the order they joined.
  virtual Task<core::Result<std::vector<core::QueueEntry>>> entries_of(std::int64_t event_id) = 0;
  // Records places' turns and states (by id), in one transaction.
  virtual Task<core::Status> update_entries(std::vector<core::QueueEntry> entries) = 0;
};

}  // namespace tw::store
