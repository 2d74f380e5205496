#pragma once
// MemoryInventory: the embedded Inventory. One shard per event, each with its own mutex, so
// sales of different events never contend. A shard keeps one state byte per seat, the live
// holds by id, the holds ordered by expiry (so expiring is O(expired holds), not a scan), and
// per user the seats they hold and own (the per-account limit, checked inside the same lock).
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "inventory/inventory.h"

namespace tw::inventory {

class MemoryInventory final : public Inventory {
 public:
  Task<core::Status> open_event(std::int64_t event_id, SnapshotLoader load) override;
  Task<core::Result<HoldOutcome>> hold(HoldRequest request) override;
  Task<core::Status> extend(std::int64_t event_id, std::string hold_id, std::int64_t expires_at_ms) override;
  Task<core::Status> release(std::int64_t event_id, std::string hold_id) override;
  Task<core::Status> sell(std::int64_t event_id, std::string hold_id, std::int64_t user_id,
                          std::vector<int> seats) override;
  Task<core::Status> unsell(std::int64_t event_id, std::int64_t user_id, std::vector<int> seats) override;
  Task<core::Result<HoldOutcome>> transfer(std::int64_t event_id, std::int64_t from, std::int64_t to,
                                           std::vector<int> seats, int per_user_limit) override;
  Task<core::Result<std::vector<ExpiredHold>>> take_expired(std::int64_t now_ms) override;
  Task<core::Status> confirm_expired(std::vector<ExpiredHold> holds) override;
  Task<core::Result<Availability>> availability(std::int64_t event_id) override;
  Task<core::Result<SeatCounts>> counts(std::int64_t event_id) override;
  Task<core::Status> close_event(std::int64_t event_id) override;
  Task<core::Status> ping() override;

  // The same operations without the coroutine wrapper, for callers and tests on one thread.
  core::Status open_event_now(std::int64_t event_id, const EventSnapshot& snapshot);
  core::Result<HoldOutcome> hold_now(const HoldRequest& request);
  core::Status extend_now(std::int64_t event_id, const std::string& hold_id, std::int64_t expires_at_ms);
  core::Status release_now(std::int64_t event_id, const std::string& hold_id);
  core::Status sell_now(std::int64_t event_id, const std::string& hold_id, std::int64_t user_id,
                        const std::vector<int>& seats);
  core::Status unsell_now(std::int64_t event_id, std::int64_t user_id, const std::vector<int>& seats);
  core::Result<HoldOutcome> transfer_now(std::int64_t event_id, std::int64_t from, std::int64_t to,
                                         const std::vector<int>& seats, int per_user_limit);
  std::vector<ExpiredHold> take_expired_now(std::int64_t now_ms);
  void confirm_expired_now(const std::vector<ExpiredHold>& holds);

  // How long a taken hold waits for confirm_expired before it is handed out again.
  static constexpr std::int64_t kExpiryLeaseMs = 5'000;
  core::Result<Availability> availability_now(std::int64_t event_id);
  core::Result<SeatCounts> counts_now(std::int64_t event_id);

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
    std::unordered_map<std::int64_t, int> per_user;      // seats held or owned per user; guarded by mu
    std::unordered_map<int, std::int64_t> owed;          // held seat -> the user it was sold to; guarded by mu
    struct Taken {
      ExpiredHold hold;
      std::int64_t retake_at_ms = 0;
    };
    std::unordered_map<std::string, Taken> taken;        // expired, not yet confirmed; guarded by mu
    SeatCounts counts;                                   // guarded by mu
    std::uint64_t version = 0;                           // guarded by mu
    SeatStates snapshot;                                 // seats at snapshot_version; guarded by mu
    std::uint64_t snapshot_version = 0;                  // guarded by mu
  };
  Shard* shard(std::int64_t event_id);
  static void drop_hold(Shard& s, std::unordered_map<std::string, Hold>::iterator it);
  static void add_to_user(Shard& s, std::int64_t user_id, int n);
  static void install(Shard& s, const EventSnapshot& snapshot);
  static bool hold_seats(Shard& s, const std::string& hold_id, std::int64_t user_id, const std::vector<int>& seats,
                         std::int64_t expires_at_ms);

  std::shared_mutex mu_;
  std::unordered_map<std::int64_t, std::unique_ptr<Shard>> shards_;  // guarded by mu_
};

}  // namespace tw::inventory
