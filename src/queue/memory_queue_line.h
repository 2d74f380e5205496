#pragma once
// MemoryQueueLine: the embedded QueueLine. The lines live in this process, indexed for the
// polls of a crowd (a fan's place, the head of the line, who is shopping), and every change of
// a place or a room is written through to the QueueStore, so a restart keeps every place.
// Thread-safe.
#include <map>
#include <memory>
#include <mutex>

#include "queue/queue_line.h"
#include "store/queue_store.h"

namespace tw::queue {

class MemoryQueueLine final : public QueueLine {
 public:
  explicit MemoryQueueLine(store::QueueStore& store);
  ~MemoryQueueLine() override;

  Task<core::Status> load() override;
  Task<core::Result<std::vector<core::WaitingRoomRecord>>> rooms() override;
  Task<core::Result<core::WaitingRoomRecord>> configure(std::int64_t event_id, core::WaitingRoomSettings settings,
                                                        core::WaitingRoomRecord fresh) override;
  Task<core::Status> change(std::int64_t event_id, RoomChange change) override;
  Task<core::Result<LineState>> state(std::int64_t event_id, std::int64_t user_id, std::int64_t now_ms,
                                      bool seen) override;
  Task<core::Result<core::QueueEntry>> join(core::QueueEntry entry) override;
  Task<core::Result<std::optional<core::QueueEntry>>> shopper(std::int64_t event_id, std::int64_t user_id,
                                                              std::int64_t now_ms) override;
  Task<core::Status> finish(std::int64_t event_id, std::int64_t user_id) override;
  Task<core::Result<std::vector<std::string>>> drawn_order(std::int64_t event_id) override;
  Task<bool> doorman_here() override { co_return true; }
  Task<core::Status> admit(std::int64_t event_id, DoormanRound round) override;

 private:
  struct Room;
  Room* room_of(std::int64_t event_id);  // guarded by mu_
  Task<core::Status> save(core::WaitingRoomRecord record);

  store::QueueStore& store_;
  std::mutex mu_;
  std::map<std::int64_t, std::unique_ptr<Room>> rooms_;  // by event id; guarded by mu_
};

}  // namespace tw::queue
