#include "inventory/memory_inventory.h"

#include <chrono>

namespace tw::inventory {
namespace {

// Versions start from the wall clock (in thousandths of a millisecond), so a version a client got
// from an earlier run of the server is never mistaken for a current one. It stays below 2^53, so
// JavaScript reads it exactly.
std::uint64_t first_version() {
  using namespace std::chrono;
  return static_cast<std::uint64_t>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()) * 1000;
}
core::Error not_open() { return core::not_found("event_not_open", "This event is not on sale"); }
core::Error hold_gone() { return core::not_found("hold_not_found", "That hold has expired or was released"); }
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

// Precondition: s.mu held. Frees the hold's seats that are still held by it.
void MemoryInventory::drop_hold(Shard& s, std::unordered_map<std::string, Hold>::iterator it) {
  int freed = 0;
  for (int seat : it->second.seats) {
    if (s.seats[seat] == SeatState::kHeld && s.holder[seat] == it->first) {
      s.seats[seat] = SeatState::kAvailable;
      s.holder[seat].clear();
      ++freed;
    }
  }
  s.counts.held -= freed;
  s.counts.available += freed;
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

core::Status MemoryInventory::open_event_now(std::int64_t event_id, int seat_count, const std::vector<SoldSeat>& sold) {
  std::unique_lock lock(mu_);
  auto& slot = shards_[event_id];
  if (slot) return core::Ok{};
  slot = std::make_unique<Shard>();
  slot->version = first_version();
  slot->seats.assign(static_cast<std::size_t>(seat_count), SeatState::kAvailable);
  slot->holder.resize(static_cast<std::size_t>(seat_count));
  slot->counts.available = seat_count;
  for (const auto& s : sold) {
    if (!in_range(s.seat, slot->seats.size()) || slot->seats[s.seat] == SeatState::kSold) continue;
    slot->seats[s.seat] = SeatState::kSold;
    --slot->counts.available;
    ++slot->counts.sold;
    add_to_user(*slot, s.user_id, 1);
  }
  return core::Ok{};
}

Task<core::Status> MemoryInventory::open_event(std::int64_t event_id, int seat_count, std::vector<SoldSeat> sold) {
  co_return open_event_now(event_id, seat_count, sold);
}

core::Result<HoldOutcome> MemoryInventory::hold_now(const HoldRequest& r) {
  Shard* s = shard(r.event_id);
  if (!s) return not_open();
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
  for (int seat : r.seats) {
    s->seats[seat] = SeatState::kHeld;
    s->holder[seat] = r.hold_id;
  }
  const int n = static_cast<int>(r.seats.size());
  s->counts.available -= n;
  s->counts.held += n;
  s->holds.emplace(r.hold_id, Hold{r.user_id, r.seats, r.expires_at_ms});
  add_to_user(*s, r.user_id, n);
  s->by_expiry.emplace(r.expires_at_ms, r.hold_id);
  ++s->version;
  out.verdict = HoldVerdict::kHeld;
  return out;
}

Task<core::Result<HoldOutcome>> MemoryInventory::hold(HoldRequest request) { co_return hold_now(request); }

core::Status MemoryInventory::extend_now(std::int64_t event_id, const std::string& hold_id,
                                         std::int64_t expires_at_ms) {
  Shard* s = shard(event_id);
  if (!s) return not_open();
  std::lock_guard lock(s->mu);
  const auto it = s->holds.find(hold_id);
  if (it == s->holds.end()) return hold_gone();
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
  if (!s) return not_open();
  std::lock_guard lock(s->mu);
  const auto it = s->holds.find(hold_id);
  if (it == s->holds.end()) return hold_gone();
  drop_hold(*s, it);
  return core::Ok{};
}

Task<core::Status> MemoryInventory::release(std::int64_t event_id, std::string hold_id) {
  co_return release_now(event_id, hold_id);
}

core::Status MemoryInventory::sell_now(std::int64_t event_id, const std::string& hold_id, std::int64_t user_id,
                                       const std::vector<int>& seats) {
  Shard* s = shard(event_id);
  if (!s) return not_open();
  std::lock_guard lock(s->mu);
  if (const auto it = s->holds.find(hold_id); it != s->holds.end()) drop_hold(*s, it);
  for (int seat : seats) {
    if (!in_range(seat, s->seats.size()) || s->seats[seat] == SeatState::kSold) continue;
    if (s->seats[seat] == SeatState::kHeld) {
      // Another hold had it (ours had expired): the database sold it to us, so that hold loses it.
      if (const auto other = s->holds.find(s->holder[seat]); other != s->holds.end()) drop_hold(*s, other);
    }
    s->seats[seat] = SeatState::kSold;
    s->holder[seat].clear();
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
  if (!s) return not_open();
  std::lock_guard lock(s->mu);
  for (int seat : seats) {
    if (!in_range(seat, s->seats.size()) || s->seats[seat] != SeatState::kSold) continue;
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

std::vector<ExpiredHold> MemoryInventory::take_expired_now(std::int64_t now_ms) {
  std::vector<std::pair<std::int64_t, Shard*>> all;
  {
    std::shared_lock lock(mu_);
    for (auto& [id, s] : shards_) all.emplace_back(id, s.get());
  }
  std::vector<ExpiredHold> out;
  for (auto [event_id, s] : all) {
    std::lock_guard lock(s->mu);
    while (!s->by_expiry.empty() && s->by_expiry.begin()->first <= now_ms) {
      const auto it = s->holds.find(s->by_expiry.begin()->second);
      if (it == s->holds.end()) {
        s->by_expiry.erase(s->by_expiry.begin());
        continue;
      }
      out.push_back({event_id, it->first, it->second.user_id, it->second.seats});
      drop_hold(*s, it);
    }
  }
  return out;
}

Task<core::Result<std::vector<ExpiredHold>>> MemoryInventory::take_expired(std::int64_t now_ms) {
  co_return take_expired_now(now_ms);
}

core::Result<Availability> MemoryInventory::availability_now(std::int64_t event_id) {
  Shard* s = shard(event_id);
  if (!s) return not_open();
  std::lock_guard lock(s->mu);
  return Availability{s->version, s->seats};
}

Task<core::Result<Availability>> MemoryInventory::availability(std::int64_t event_id) {
  co_return availability_now(event_id);
}

core::Result<SeatCounts> MemoryInventory::counts_now(std::int64_t event_id) {
  Shard* s = shard(event_id);
  if (!s) return not_open();
  std::lock_guard lock(s->mu);
  return s->counts;
}

Task<core::Result<SeatCounts>> MemoryInventory::counts(std::int64_t event_id) { co_return counts_now(event_id); }

Task<core::Status> MemoryInventory::close_event(std::int64_t event_id) {
  std::unique_lock lock(mu_);
  shards_.erase(event_id);
  co_return core::Ok{};
}

}  // namespace tw::inventory
