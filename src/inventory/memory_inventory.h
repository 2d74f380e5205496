#pragma once
// MemoryInventory: the embedded Inventory. One shard per event, each with its own mutex, so
// sales of different events never contend. A shard keeps one state byte per seat, the live
// holds by id, and the holds ordered by expiry, so expiring is O(expired holds), not a scan.
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "inventory/inventory.h"

namespace tw::inventory {

class MemoryInventory final : public Inventory {
 public:
  Task<core::Status> open_event(std::int64_t event_id, int seat_count, std::vector<int> sold) override;
  Task<core::Result<HoldOutcome>> hold(HoldRequest request) override;
  Task<core::Status> extend(std::int64_t event_id, std::string hold_id, std::int64_t expires_at_ms) override;
  Task<core::Status> release(std::int64_t event_id, std::string hold_id) override;
  Task<core::Status> sell(std::int64_t event_id, std::string hold_id, std::vector<int> seats) override;
  Task<core::Status> unsell(std::int64_t event_id, std::vector<int> seats) override;
  Task<core::Result<std::vector<ExpiredHold>>> take_expired(std::int64_t now_ms) override;
  Task<core::Result<Availability>> availability(std::int64_t event_id) override;
  Task<core::Result<int>> held_by_user(std::int64_t event_id, std::int64_t user_id) override;

  // The same operations without the coroutine wrapper, for callers and tests on one thread.
  core::Result<HoldOutcome> hold_now(const HoldRequest& request);
  core::Status release_now(std::int64_t event_id, const std::string& hold_id);
  core::Status sell_now(std::int64_t event_id, const std::string& hold_id, const std::vector<int>& seats);
  std::vector<ExpiredHold> take_expired_now(std::int64_t now_ms);
  core::Result<Availability> availability_now(std::int64_t event_id);

 private:
  struct Hold {
    std::int64_t user_id = 0;
    std::vector<int> seats;
    std::int64_t expires_at_ms = 0;
  };
  struct Shard {
    std::mutex mu;
    std::vector<SeatState> seats;                        // guarded by mu
    std::vector<std::string> holder;                     // hold id per held seat; guarded by mu
    std::unordered_map<std::string, Hold> holds;         // guarded by mu
    std::multimap<std::int64_t, std::string> by_expiry;  // guarded by mu
    std::unordered_map<std::int64_t, int> held_by_user;  // seats per user; guarded by mu
    std::uint64_t version = 0;                           // guarded by mu
  };
  Shard* shard(std::int64_t event_id);
  static void drop_hold(Shard& s, std::unordered_map<std::string, Hold>::iterator it);

  std::shared_mutex mu_;
  std::unordered_map<std::int64_t, std::unique_ptr<Shard>> shards_;  // guarded by mu_
};

}  // namespace tw::inventory
