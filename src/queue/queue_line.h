#pragma once
// QueueLine: where the waiting rooms' lines are kept (the port; docs/waiting-room.md). The
// service (services/waiting_room.h) decides who may join, what a fan is shown and whether a pass
// is good; the line keeps the places, their order and who is let in, and runs the doorman's
// round over them atomically. Two adapters:
//   MemoryQueueLine  embedded mode: in this process, written through to the QueueStore, so a
//                    restart keeps every place;
//   RedisQueueLine   cluster mode: in Redis, one Lua script per step, so every server sees the
//                    same order, any server takes joins and passes, and the doorman runs on one
//                    server at a time under a lease.
// Every call is atomic for the room it names. A room that does not exist is kNotFound
// "no_waiting_room".
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "async/task.h"
#include "core/result.h"
#include "core/waiting_room.h"

namespace tw::queue {

// A room's line as it stands, and one account's place in it.
struct LineState {
  core::WaitingRoomRecord record;
  int pre_queue = 0;  // waiting for the draw
  int in_line = 0;    // waiting with a turn
  int active = 0;     // let in and shopping
  std::int64_t head_turn = 0;  // the turn of the first in line; 0 when nobody is
  int admitted_last_minute = 0;
  int admitted_total = 0;
  int done = 0;
  std::optional<core::QueueEntry> place;  // the asked account's latest place
};

// What the doorman goes by on one round.
struct DoormanRound {
  std::int64_t now_ms = 0;
  bool open = false;      // the sale has opened
  bool sellable = true;   // a seat is free or a hold could still lapse
  std::int64_t idle_ms = 0;  // a fan let in who made no hold for this long leaves the room
  std::int64_t gone_ms = 0;  // ... and one not seen (polling, the stream, a request) for this long
};

inline core::Error no_waiting_room() { return core::not_found("no_waiting_room", "This event has no waiting room"); }

enum class RoomChange { kPause, kResume, kClose };

class QueueLine {
 public:
  virtual ~QueueLine() = default;

  // Reads what was kept (start-up).
  virtual Task<core::Status> load() = 0;
  // Every room's record.
  virtual Task<core::Result<std::vector<core::WaitingRoomRecord>>> rooms() = 0;
  // Sets a room's settings (and, when it is turned on, takes joins again); a new room takes its
  // seed, commitment and pass key from `fresh`, an existing one keeps its own. The room as kept.
  virtual Task<core::Result<core::WaitingRoomRecord>> configure(std::int64_t event_id, core::WaitingRoomSettings settings,
                                                                core::WaitingRoomRecord fresh) = 0;
  virtual Task<core::Status> change(std::int64_t event_id, RoomChange change) = 0;

  // The room's line and `user_id`'s place (user 0: nobody's). `seen`: that fan is looking, so a
  // place let in is not given away as gone.
  virtual Task<core::Result<LineState>> state(std::int64_t event_id, std::int64_t user_id, std::int64_t now_ms,
                                              bool seen) = 0;
  // Lines `entry` up (in the pre-queue before the draw, else at the back), unless its account
  // has a live place already: the place it has now.
  virtual Task<core::Result<core::QueueEntry>> join(core::QueueEntry entry) = 0;
  // The account's latest place, marked seen and as shopping (a hold or checkout is under way),
  // or nullopt; for checking its pass.
  virtual Task<core::Result<std::optional<core::QueueEntry>>> shopper(std::int64_t event_id, std::int64_t user_id,
                                                                      std::int64_t now_ms) = 0;
  // The account let in has bought: its place goes to the next in line.
  virtual Task<core::Status> finish(std::int64_t event_id, std::int64_t user_id) = 0;
  // The pre-queue's queue ids in the order drawn (empty before the draw).
  virtual Task<core::Result<std::vector<std::string>>> drawn_order(std::int64_t event_id) = 0;

  // Whether the doorman runs on this server now (embedded: always; cluster: while it holds the
  // lease).
  virtual Task<bool> doorman_here() = 0;
  // One round of the doorman for a room: at the opening the pre-queue is drawn (by the room's
  // seed, core/queue_draw.h); places of fans let in who left, did nothing or whose pass ran out
  // are freed; and fans are let in from the front of the line as the budget allows
  // (core::AdmissionBudget, core::admissions_due).
  virtual Task<core::Status> admit(std::int64_t event_id, DoormanRound round) = 0;
};

}  // namespace tw::queue
