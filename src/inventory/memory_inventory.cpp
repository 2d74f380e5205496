#include "inventory/memory_inventory.h"

#include <algorithm>

#include "core/error_codes.h"
#include "inventory/first_version.h"
#include "inventory/inventory_errors.h"

namespace tw::inventory {
namespace {

bool in_range(int seat, std::size_t n) { return seat >= 0 && seat < static_cast<int>(n); }
}  // namespace

MemoryInventory::Shard* MemoryInventory::shard(std::int64_t event_id) {
  std::shared_lock lock(mu_);
  const auto it = shards_.find(event_id);
  return it == shards_.end() ? nullptr : it->second.get();
}

// Precondition: s.mu held.
void MemoryInventory::add_to_user(Shard& s, std::int64_t user_id, int n) {
  auto& count = s.per_user[user_id];
  count += n;
  if (count <= 0) s.per_user.erase(user_id);
}

// Precondition: s.mu held. Frees the hold's seats that are still held by it; a freed seat that a
// checkout sold meanwhile (owed) becomes sold instead.
void MemoryInventory::drop_hold(Shard& s, std::unordered_map<std::string, Hold>::iterator it) {
  for (int seat : it->second.seats) {
    if (s.seats[seat] != SeatState::kHeld || s.holder[seat] != it->first) continue;
    s.holder[seat].clear();
    --s.counts.held;
    if (const auto owed = s.owed.find(seat); owed != s.owed.end()) {
      s.seats[seat] = SeatState::kSold;
      ++s.counts.sold;
      s.owed.erase(owed);
    } else {
      s.seats[seat] = SeatState::kAvailable;
      ++s.counts.available;
    }
  }
  add_to_user(s, it->second.user_id, -static_cast<int>(it->second.seats.size()));
  auto [first, last] = s.by_expiry.equal_range(it->second.expires_at_ms);
  for (auto e = first; e != last; ++e) {
    if (e->second == it->first) {
      s.by_expiry.erase(e);
      break;
    }
  }
  s.holds.erase(it);
  ++s.version;
}

// Precondition: s.mu held, every seat in range and available.
bool MemoryInventory::hold_seats(Shard& s, const std::string& hold_id, std::int64_t user_id,
                                 const std::vector<int>& seats, std::int64_t expires_at_ms) {
  if (!s.holds.emplace(hold_id, Hold{user_id, seats, expires_at_ms}).second) return false;
  for (int seat : seats) {
    s.seats[seat] = SeatState::kHeld;
    s.holder[seat] = hold_id;
  }
  const int n = static_cast<int>(seats.size());
  s.counts.available -= n;
  s.counts.held += n;
  add_to_user(s, user_id, n);
  s.by_expiry.emplace(expires_at_ms, hold_id);
  ++s.version;
  return true;
}

// Precondition: s is new (nobody else sees it yet).
void MemoryInventory::install(Shard& s, const EventSnapshot& snapshot) {
  s.version = first_version();
  s.seats.assign(static_cast<std::size_t>(snapshot.seat_count), SeatState::kAvailable);
  s.holder.resize(static_cast<std::size_t>(snapshot.seat_count));
  s.counts.available = snapshot.seat_count;
  for (const auto& sold : snapshot.sold) {
    if (!in_range(sold.seat, s.seats.size()) || s.seats[sold.seat] == SeatState::kSold) continue;
    s.seats[sold.seat] = SeatState::kSold;
    --s.counts.available;
    ++s.counts.sold;
    add_to_user(s, sold.user_id, 1);
  }
  for (const auto& h : snapshot.holds) {
    const bool free = std::all_of(h.seats.begin(), h.seats.end(), [&](int seat) {
      return in_range(seat, s.seats.size()) && s.seats[seat] == SeatState::kAvailable;
    });
    if (free && !h.seats.empty()) hold_seats(s, h.hold_id, h.user_id, h.seats, h.expires_at_ms);
  }
}

core::Status MemoryInventory::open_event_now(std::int64_t event_id, const EventSnapshot& snapshot) {
  auto fresh = std::make_unique<Shard>();
  install(*fresh, snapshot);
  std::unique_lock lock(mu_);
  shards_.try_emplace(event_id, std::move(fresh));  // an open event stays as it is
  return core::Ok{};
}

Task<core::Status> MemoryInventory::open_event(std::int64_t event_id, SnapshotLoader load) {
  if (shard(event_id)) co_return core::Ok{};
  auto snapshot = co_await load();
  if (!snapshot) co_return snapshot.error();
  co_return open_event_now(event_id, *snapshot);
}

core::Result<HoldOutcome> MemoryInventory::hold_now(const HoldRequest& r) {
  Shard* s = shard(r.event_id);
  if (!s) return event_not_open();
  std::lock_guard lock(s->mu);
  HoldOutcome out;
  for (int seat : r.seats) {
    if (!in_range(seat, s->seats.size())) {
      return core::invalid("unknown_seat", "Seat index " + std::to_string(seat) + " is not in this venue");
    }
    if (s->seats[seat] != SeatState::kAvailable) out.unavailable.push_back(seat);
  }
  if (!out.unavailable.empty()) return out;
  const auto mine = s->per_user.find(r.user_id);
  const int already = mine == s->per_user.end() ? 0 : mine->second;
  if (r.per_user_limit > 0 && already + static_cast<int>(r.seats.size()) > r.per_user_limit) {
    out.verdict = HoldVerdict::kOverLimit;
    out.user_seats = already;
    return out;
  }
  if (!hold_seats(*s, r.hold_id, r.user_id, r.seats, r.expires_at_ms)) {
    return core::conflict("hold_exists", "A hold with this id exists already");
  }
  out.verdict = HoldVerdict::kHeld;
  return out;
}

Task<core::Result<HoldOutcome>> MemoryInventory::hold(HoldRequest request) { co_return hold_now(request); }

core::Status MemoryInventory::extend_now(std::int64_t event_id, const std::string& hold_id,
                                         std::int64_t expires_at_ms) {
  Shard* s = shard(event_id);
  if (!s) return event_not_open();
  std::lock_guard lock(s->mu);
  const auto it = s->holds.find(hold_id);
  if (it == s->holds.end()) return hold_not_found();
  auto [first, last] = s->by_expiry.equal_range(it->second.expires_at_ms);
  for (auto e = first; e != last; ++e) {
    if (e->second == hold_id) {
      s->by_expiry.erase(e);
      break;
    }
  }
  it->second.expires_at_ms = expires_at_ms;
  s->by_expiry.emplace(expires_at_ms, hold_id);
  return core::Ok{};
}

Task<core::Status> MemoryInventory::extend(std::int64_t event_id, std::string hold_id, std::int64_t expires_at_ms) {
  co_return extend_now(event_id, hold_id, expires_at_ms);
}

core::Status MemoryInventory::release_now(std::int64_t event_id, const std::string& hold_id) {
  Shard* s = shard(event_id);
  if (!s) return event_not_open();
  std::lock_guard lock(s->mu);
  const auto it = s->holds.find(hold_id);
  if (it == s->holds.end()) return hold_not_found();
  drop_hold(*s, it);
  return core::Ok{};
}

Task<core::Status> MemoryInventory::release(std::int64_t event_id, std::string hold_id) {
  co_return release_now(event_id, hold_id);
}

core::Status MemoryInventory::sell_now(std::int64_t event_id, const std::string& hold_id, std::int64_t user_id,
                                       const std::vector<int>& seats) {
  Shard* s = shard(event_id);
  if (!s) return event_not_open();
  std::lock_guard lock(s->mu);
  if (const auto it = s->holds.find(hold_id); it != s->holds.end()) drop_hold(*s, it);
  for (int seat : seats) {
    if (!in_range(seat, s->seats.size())) continue;
    if (s->seats[seat] == SeatState::kHeld) {
      // Another hold has it (ours had expired and lost it): that buyer keeps their hold; the
      // seat becomes ours when they let go of it.
      s->owed[seat] = user_id;
      add_to_user(*s, user_id, 1);
      continue;
    }
    if (s->seats[seat] != SeatState::kAvailable) continue;
    s->seats[seat] = SeatState::kSold;
    --s->counts.available;
    ++s->counts.sold;
    add_to_user(*s, user_id, 1);
  }
  ++s->version;
  return core::Ok{};
}

Task<core::Status> MemoryInventory::sell(std::int64_t event_id, std::string hold_id, std::int64_t user_id,
                                         std::vector<int> seats) {
  co_return sell_now(event_id, hold_id, user_id, seats);
}

core::Status MemoryInventory::unsell_now(std::int64_t event_id, std::int64_t user_id, const std::vector<int>& seats) {
  Shard* s = shard(event_id);
  if (!s) return event_not_open();
  std::lock_guard lock(s->mu);
  for (int seat : seats) {
    if (!in_range(seat, s->seats.size())) continue;
    if (const auto owed = s->owed.find(seat); owed != s->owed.end() && owed->second == user_id) {
      s->owed.erase(owed);
      add_to_user(*s, user_id, -1);
      continue;
    }
    if (s->seats[seat] != SeatState::kSold) continue;
    s->seats[seat] = SeatState::kAvailable;
    ++s->counts.available;
    --s->counts.sold;
    add_to_user(*s, user_id, -1);
  }
  ++s->version;
  return core::Ok{};
}

Task<core::Status> MemoryInventory::unsell(std::int64_t event_id, std::int64_t user_id, std::vector<int> seats) {
  co_return unsell_now(event_id, user_id, seats);
}

core::Result<HoldOutcome> MemoryInventory::transfer_now(std::int64_t event_id, std::int64_t from, std::int64_t to,
                                                        const std::vector<int>& seats, int per_user_limit) {
  Shard* s = shard(event_id);
  if (!s) return event_not_open();
  std::lock_guard lock(s->mu);
  HoldOutcome out;
  const auto theirs = s->per_user.find(to);
  const int already = theirs == s->per_user.end() ? 0 : theirs->second;
  const int n = static_cast<int>(seats.size());
  if (per_user_limit > 0 && already + n > per_user_limit) {
    out.verdict = HoldVerdict::kOverLimit;
    out.user_seats = already;
    return out;
  }
  for (int seat : seats) {
    if (const auto owed = s->owed.find(seat); owed != s->owed.end() && owed->second == from) owed->second = to;
  }
  add_to_user(*s, from, -n);
  add_to_user(*s, to, n);
  out.verdict = HoldVerdict::kHeld;
  return out;
}

Task<core::Result<HoldOutcome>> MemoryInventory::transfer(std::int64_t event_id, std::int64_t from, std::int64_t to,
                                                          std::vector<int> seats, int per_user_limit) {
  co_return transfer_now(event_id, from, to, seats, per_user_limit);
}

std::vector<ExpiredHold> MemoryInventory::take_expired_now(std::int64_t now_ms) {
  std::vector<std::pair<std::int64_t, Shard*>> all;
  {
    std::shared_lock lock(mu_);
    for (auto& [id, s] : shards_) all.emplace_back(id, s.get());
  }
  std::vector<ExpiredHold> out;
  for (auto [event_id, s] : all) {
    std::lock_guard lock(s->mu);
    for (auto& [id, t] : s->taken) {
      if (t.retake_at_ms > now_ms) continue;
      t.retake_at_ms = now_ms + kExpiryLeaseMs;
      out.push_back(t.hold);
    }
    while (!s->by_expiry.empty() && s->by_expiry.begin()->first <= now_ms) {
      const auto it = s->holds.find(s->by_expiry.begin()->second);
      if (it == s->holds.end()) {
        s->by_expiry.erase(s->by_expiry.begin());
        continue;
      }
      out.push_back({event_id, it->first, it->second.user_id, it->second.seats});
      s->taken[it->first] = {out.back(), now_ms + kExpiryLeaseMs};
      drop_hold(*s, it);
    }
  }
  return out;
}

Task<core::Result<std::vector<ExpiredHold>>> MemoryInventory::take_expired(std::int64_t now_ms) {
  co_return take_expired_now(now_ms);
}

void MemoryInventory::confirm_expired_now(const std::vector<ExpiredHold>& holds) {
  for (const auto& h : holds) {
    if (Shard* s = shard(h.event_id)) {
      std::lock_guard lock(s->mu);
      s->taken.erase(h.hold_id);
    }
  }
}

Task<core::Status> MemoryInventory::confirm_expired(std::vector<ExpiredHold> holds) {
  confirm_expired_now(holds);
  co_return core::Ok{};
}

core::Result<Availability> MemoryInventory::availability_now(std::int64_t event_id) {
  Shard* s = shard(event_id);
  if (!s) return event_not_open();
  std::lock_guard lock(s->mu);
  // One copy per version, shared by every read until the next change.
  if (!s->snapshot || s->snapshot_version != s->version) {
    s->snapshot = std::make_shared<const std::vector<SeatState>>(s->seats);
    s->snapshot_version = s->version;
  }
  return Availability{s->version, s->snapshot};
}

Task<core::Result<Availability>> MemoryInventory::availability(std::int64_t event_id) {
  co_return availability_now(event_id);
}

core::Result<SeatCounts> MemoryInventory::counts_now(std::int64_t event_id) {
  Shard* s = shard(event_id);
  if (!s) return event_not_open();
  std::lock_guard lock(s->mu);
  return s->counts;
}

Task<core::Result<SeatCounts>> MemoryInventory::counts(std::int64_t event_id) { co_return counts_now(event_id); }

Task<core::Status> MemoryInventory::ping() { co_return core::Ok{}; }

Task<core::Status> MemoryInventory::close_event(std::int64_t event_id) {
  std::unique_lock lock(mu_);
  shards_.erase(event_id);
  co_return core::Ok{};
}

}  // namespace tw::inventory
