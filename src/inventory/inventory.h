#pragma once
// Inventory port: the fast path that decides who gets a seat. Seat state per event (available,
// held, sold) with the holder and expiry of each hold. The database's unique ticket constraint
// remains the final guard; the inventory only has to be right fast.
// Embedded adapter: MemoryInventory. Scale-out adapter: RedisInventory (one Lua script per call).
//
// Contract: every call is atomic over all the seats it names (all-or-nothing), thread-safe, and
// awaitable so a networked adapter never blocks an I/O thread. Seats are SeatMap indexes.
// Unknown events (never opened, or lost when a shared inventory restarted empty) answer
// kNotFound "event_not_open": the caller opens the event again and retries.
#include <cstdint>
#include <functional>
#include <memory>
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
  std::vector<int> seats;
  std::int64_t expires_at_ms = 0;
  // The seats this user may hold and own at this event together, this hold included; 0 = no
  // limit (re-installing a hold the database already has). Checked in the same atomic step as
  // the seats, so no amount of concurrency gets past it.
  int per_user_limit = 0;
};

enum class HoldVerdict { kHeld, kTaken, kOverLimit };

struct HoldOutcome {
  HoldVerdict verdict = HoldVerdict::kTaken;
  std::vector<int> unavailable;  // kTaken: the requested seats that are taken
  int user_seats = 0;            // kOverLimit: seats the user holds or owns already
  bool held() const { return verdict == HoldVerdict::kHeld; }
};

// A seat with a live ticket, and whose: it counts against their per-account limit.
struct SoldSeat {
  int seat = 0;
  std::int64_t user_id = 0;
};

// A hold the database has as active, for an event being loaded into the inventory.
struct LiveHold {
  std::string hold_id;
  std::int64_t user_id = 0;
  std::vector<int> seats;
  std::int64_t expires_at_ms = 0;
};

// What the database knows of an event's seats: the inventory is (re)built from it.
struct EventSnapshot {
  int seat_count = 0;
  std::vector<SoldSeat> sold;
  std::vector<LiveHold> holds;  // past their expiry too: the next take_expired takes them
};

// Reads an event's snapshot from the database; called only when the inventory lacks the event.
using SnapshotLoader = std::function<Task<core::Result<EventSnapshot>>()>;

struct SeatCounts {
  int available = 0;
  int held = 0;
  int sold = 0;
};

// A hold whose time ran out, removed from the inventory by take_expired.
struct ExpiredHold {
  std::int64_t event_id = 0;
  std::string hold_id;
  std::int64_t user_id = 0;
  std::vector<int> seats;
};

// Every seat's state at one moment; immutable, so a version's states are shared by every reader
// (never copied per read: a 100,000-seat event's states are 100 kB).
using SeatStates = std::shared_ptr<const std::vector<SeatState>>;

// The availability of a whole event at one version (the version grows with every change).
struct Availability {
  std::uint64_t version = 0;
  SeatStates seats;  // never null
};

class Inventory {
 public:
  virtual ~Inventory() = default;
  // Makes sure an event's seat state is present, building it from `load()` when it is not (the
  // first use, or a shared inventory that restarted empty): its sold seats sold, its live holds
  // held (a hold whose seats are not all free is left out; its checkout holds them again).
  // Idempotent: an open event changes nothing and `load` is not called. A shared adapter lets
  // one caller load while the others wait, and answers kUnavailable if that takes too long.
  virtual Task<core::Status> open_event(std::int64_t event_id, SnapshotLoader load) = 0;
  // Holds every seat of the request or none: kTaken (naming the taken seats) when any is not
  // available, kOverLimit when the user would pass the request's per-user limit.
  virtual Task<core::Result<HoldOutcome>> hold(HoldRequest request) = 0;
  // Moves a live hold's expiry, even one past its time that has not been taken by
  // take_expired yet. kNotFound "hold_not_found" when the hold is gone.
  virtual Task<core::Status> extend(std::int64_t event_id, std::string hold_id, std::int64_t expires_at_ms) = 0;
  // Frees the seats of a live hold; kNotFound "hold_not_found" when it is gone.
  virtual Task<core::Status> release(std::int64_t event_id, std::string hold_id) = 0;
  // Marks these seats sold to `user_id` (the database has committed their tickets) and forgets
  // the hold. Only seats that are free or this hold's are taken: a seat another hold has stays
  // with that hold (a late sale never overwrites another buyer's hold) and is owed to `user_id`,
  // becoming sold, not available, when that hold lets go of it.
  virtual Task<core::Status> sell(std::int64_t event_id, std::string hold_id, std::int64_t user_id,
                                  std::vector<int> seats) = 0;
  // Puts sold (or owed) seats of `user_id` back on sale (a cancelled ticket).
  virtual Task<core::Status> unsell(std::int64_t event_id, std::int64_t user_id, std::vector<int> seats) = 0;
  // Counts sold (or owed) seats as `to`'s instead of `from`'s (a ticket given away), unless `to`
  // would then pass `per_user_limit` (0: none) with them: kHeld when moved, kOverLimit (with the
  // seats `to` has now) when not. Atomic with holds, so a gift racing the receiver's own hold
  // cannot take them past the limit together.
  virtual Task<core::Result<HoldOutcome>> transfer(std::int64_t event_id, std::int64_t from, std::int64_t to,
                                                   std::vector<int> seats, int per_user_limit) = 0;
  // Removes and returns every hold whose expiry is at or before `now_ms`. Each taken hold is
  // kept aside until confirm_expired() names it, and handed out again (to any caller) when that
  // has not happened within a few seconds: a caller that could not record the hold's end (its
  // database was down, its process died) leaves it for the next sweep, never forgotten.
  virtual Task<core::Result<std::vector<ExpiredHold>>> take_expired(std::int64_t now_ms) = 0;
  // The holds from take_expired whose end is recorded: they are not handed out again.
  virtual Task<core::Status> confirm_expired(std::vector<ExpiredHold> holds) = 0;
  virtual Task<core::Result<Availability>> availability(std::int64_t event_id) = 0;
  virtual Task<core::Result<SeatCounts>> counts(std::int64_t event_id) = 0;
  // Forgets an event (its holds included); the next open_event starts it afresh (a development
  // reset, or a layout replaced while no seat is held).
  virtual Task<core::Status> close_event(std::int64_t event_id) = 0;
  // Succeeds when the inventory can answer (readiness checks).
  virtual Task<core::Status> ping() = 0;
};

}  // namespace tw::inventory
