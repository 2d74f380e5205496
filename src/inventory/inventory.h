#pragma once
// Inventory port: the fast path that decides who gets a seat. Seat state per event (available,
// held, sold) with the holder and expiry of each hold. The database's unique ticket constraint
// remains the final guard; the inventory only has to be right fast.
// Embedded adapter: MemoryInventory. Scale-out adapter: RedisInventory (one Lua script per call).
//
// Contract: every call is atomic over all seats it names (all-or-nothing), thread-safe, and
// awaitable so a networked adapter never blocks an I/O thread.
#include <cstdint>
#include <string>
#include <vector>

#include "async/task.h"
#include "core/result.h"

namespace tw::inventory {

enum class SeatState : std::uint8_t { kAvailable = 0, kHeld = 1, kSold = 2 };

struct HoldRequest {
  std::int64_t event_id = 0;
  std::string hold_id;
  std::int64_t user_id = 0;
  std::vector<int> seats;  // seat indexes of the event's SeatMap
  std::int64_t expires_at_ms = 0;
};

struct HoldOutcome {
  bool held = false;
  std::vector<int> unavailable;  // when not held: the requested seats someone else has
};

// The availability of a whole event at one version: one SeatState per seat.
struct Availability {
  std::uint64_t version = 0;
  std::vector<SeatState> seats;
};

class Inventory {
 public:
  virtual ~Inventory() = default;
  // Prepares an event with `seat_count` seats, all available; idempotent.
  virtual Task<core::Status> open_event(std::int64_t event_id, int seat_count) = 0;
  virtual Task<core::Result<HoldOutcome>> hold(HoldRequest request) = 0;
  // Frees the seats of a live hold. kNotFound when the hold is gone (expired or released).
  virtual Task<core::Status> release(std::int64_t event_id, std::string hold_id) = 0;
  // Turns a live hold's seats into sold seats. kNotFound when the hold is gone.
  virtual Task<core::Status> sell(std::int64_t event_id, std::string hold_id) = 0;
  virtual Task<core::Result<Availability>> availability(std::int64_t event_id) = 0;
};

}  // namespace tw::inventory
