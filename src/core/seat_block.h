#pragma once
// Blocked seats: seats an organiser takes off public sale, with a label ("production",
// "sponsor", "wheelchair platform") and a reason. Fans see them as unavailable and best
// available never offers them; they go back on sale when released (by hand, or at the time the
// organiser set), or become tickets an organiser issues to a named person (complimentary, or
// paid at a box office). One row per seat; the seats blocked by one action share a block id.
#include <cstdint>
#include <string>

namespace tw::core {

struct SeatBlock {
  std::string block_id;
  std::int64_t event_id = 0;
  int seat_index = 0;
  std::string seat_id;
  std::string label;
  std::string reason;
  std::int64_t release_at_ms = 0;  // when it goes back on sale by itself; 0: when released by hand
  std::int64_t by_user_id = 0;     // the organiser who blocked it
  std::int64_t created_at_ms = 0;

  bool operator==(const SeatBlock&) const = default;
};

// Who blocked seats belong to in the inventory: they are counted there as sold to nobody, so
// every inventory (in memory or in Redis) keeps them from fans with the steps it has for sales.
inline constexpr std::int64_t kBlockedSeatOwner = -1;

// Bounds of one block: a label people read on the seat map, a reason for the activity log, and
// at most a large section's seats at once.
inline constexpr std::size_t kMaxBlockLabel = 60;
inline constexpr std::size_t kMaxBlockReason = 300;
inline constexpr int kMaxSeatsPerBlock = 5'000;

}  // namespace tw::core
