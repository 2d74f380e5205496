#pragma once
// SeatBlocks: organisers take seats off public sale (production, sponsors, wheelchair platforms)
// and put them back, now or at a time they set (core/seat_block.h). A block is all-or-nothing:
// every seat named is free and becomes blocked, or none does.
//
// Order of steps, so that no seat is ever both blocked and sold: the inventory takes the seats
// first (as a hold: a fan's hold or ticket refuses the block), then the database records the
// block, then the inventory marks the seats blocked for good. A release ends the block in the
// database first, then frees the seats in the inventory; a crash between the two leaves them
// unsellable until the inventory is next built from the database, never sold twice.
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/seat_block.h"
#include "core/seat_selection.h"
#include "services/catalog.h"
#include "services/seat_keeper.h"
#include "store/seat_block_store.h"

namespace tw::services {

struct BlockRequest {
  core::SeatSelection seats;
  std::string label;             // shown on the dashboard's seat map: "production"
  std::string reason;            // optional, for the activity log
  std::int64_t release_at_ms = 0;  // back on sale by itself then; 0: when released by hand
};

// What to release: a whole block by id, or seats (each must be blocked).
struct ReleaseRequest {
  std::string block_id;
  core::SeatSelection seats;
};

struct EventBlocks {
  EventWithMap event;
  std::vector<core::SeatBlock> blocks;  // by seat
};

// The block of each of `seats` (indexes of `map`), in their order: kInvalid "invalid_seats"
// naming the first seat that is not blocked.
core::Result<std::vector<core::SeatBlock>> blocks_of_seats(const std::vector<core::SeatBlock>& blocks,
                                                           const std::vector<int>& seats, const core::SeatMap& map);

class SeatBlocks {
 public:
  SeatBlocks(store::SeatBlockStore& store, SeatKeeper& seats, Catalog& catalog, const core::Clock& clock);

  // kInvalid "invalid_seats" / "invalid_block"; kNotFound "event_not_found"; kConflict
  // "show_cancelled", or "seats_unavailable" naming the seats that are held, sold or blocked.
  Task<core::Result<std::vector<core::SeatBlock>>> block(std::int64_t event_id, BlockRequest request,
                                                        std::int64_t by_user);
  Task<core::Result<EventBlocks>> blocks_of(std::int64_t event_id);
  // Puts blocked seats back on sale; the seats released. kInvalid "invalid_seats" / kNotFound
  // "block_not_found" when something named is not blocked.
  Task<core::Result<std::vector<core::SeatBlock>>> release(std::int64_t event_id, ReleaseRequest request,
                                                          std::int64_t by_user);
  // Releases the blocks whose time came (the timer's step); how many seats went back on sale.
  Task<core::Result<int>> release_due();

 private:
  // Ends `blocks` (all of one event) in the database and frees their seats in the inventory.
  Task<core::Status> end(std::int64_t event_id, const std::vector<core::SeatBlock>& blocks, std::int64_t by_user);

  store::SeatBlockStore& store_;
  SeatKeeper& seats_;
  Catalog& catalog_;
  const core::Clock& clock_;
};

}  // namespace tw::services
