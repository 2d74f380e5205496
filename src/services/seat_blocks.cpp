#include "services/seat_blocks.h"

#include <algorithm>
#include <map>

#include "async/log.h"
#include "core/error_codes.h"
#include "core/ids.h"
#include "core/text.h"
#include "core/utf8.h"
#include "events/event_codec.h"

namespace tw::services {
using core::Result;
using core::SeatBlock;
using core::Status;

SeatBlocks::SeatBlocks(store::SeatBlockStore& store, SeatKeeper& seats, Catalog& catalog, const core::Clock& clock)
    : store_(store), seats_(seats), catalog_(catalog), clock_(clock) {}

namespace {

constexpr int kDuePerSweep = 5'000;

core::Error bad_block(std::string message) { return core::invalid("invalid_block", std::move(message)); }

// The label and reason as stored: trimmed, within their bounds, valid text.
Status check_words(BlockRequest& r, std::int64_t now_ms) {
  r.label = core::trimmed(r.label);
  r.reason = core::trimmed(r.reason);
  if (r.label.empty()) return bad_block("Give the block a label fans never see but organisers do: \"production\", \"sponsor\"");
  if (r.label.size() > core::kMaxBlockLabel) {
    return bad_block("The label is at most " + std::to_string(core::kMaxBlockLabel) + " bytes");
  }
  if (r.reason.size() > core::kMaxBlockReason) {
    return bad_block("The reason is at most " + std::to_string(core::kMaxBlockReason) + " bytes");
  }
  if (!core::is_valid_utf8(r.label) || !core::is_valid_utf8(r.reason)) return bad_block("The label and reason must be text");
  if (r.release_at_ms != 0 && r.release_at_ms <= now_ms) return bad_block("The release time has passed");
  return core::Ok{};
}

std::vector<std::string> seat_ids_of(const std::vector<SeatBlock>& blocks) {
  std::vector<std::string> out;
  out.reserve(blocks.size());
  for (const auto& b : blocks) out.push_back(b.seat_id);
  return out;
}

std::vector<int> indexes_of(const std::vector<SeatBlock>& blocks) {
  std::vector<int> out;
  out.reserve(blocks.size());
  for (const auto& b : blocks) out.push_back(b.seat_index);
  return out;
}

core::Error seats_taken(const core::SeatMap& map, const std::vector<int>& unavailable) {
  std::string taken;
  const auto shown = std::min<std::size_t>(unavailable.size(), 10);
  for (std::size_t i = 0; i < shown; ++i) taken += (taken.empty() ? "" : ", ") + map.seat(unavailable[i]).id();
  if (unavailable.size() > shown) taken += " and " + std::to_string(unavailable.size() - shown) + " more";
  return core::conflict(std::string(core::codes::kSeatsUnavailable),
                        "These seats are held, sold or blocked already: " + taken);
}

}  // namespace

Result<std::vector<SeatBlock>> blocks_of_seats(const std::vector<SeatBlock>& blocks, const std::vector<int>& seats,
                                               const core::SeatMap& map) {
  std::map<int, const SeatBlock*> by_seat;
  for (const auto& b : blocks) by_seat[b.seat_index] = &b;
  std::vector<SeatBlock> out;
  out.reserve(seats.size());
  for (int i : seats) {
    auto it = by_seat.find(i);
    if (it == by_seat.end()) return core::invalid("invalid_seats", map.seat(i).id() + " is not blocked");
    out.push_back(*it->second);
  }
  return out;
}

Task<Result<std::vector<SeatBlock>>> SeatBlocks::block(std::int64_t event_id, BlockRequest request,
                                                      std::int64_t by_user) {
  const auto now = clock_.now_ms();
  if (auto st = check_words(request, now); !st) co_return st.error();
  auto event = co_await catalog_.find_by_id(event_id);
  if (!event) co_return event.error();
  if (event->listing.event.cancelled_at != 0) {
    co_return core::conflict("show_cancelled", "This show is cancelled; its seats cannot be blocked");
  }
  const auto& map = *event->seat_map;
  auto seats = core::select_seats(map, request.seats, core::kMaxSeatsPerBlock);
  if (!seats) co_return seats.error();
  const auto block_id = "blk_" + core::new_uuid();
  auto taken = co_await seats_.take_for_block(event_id, block_id, *seats);
  if (!taken) co_return taken.error();
  if (!taken->held()) co_return seats_taken(map, taken->unavailable);
  std::vector<SeatBlock> blocks;
  blocks.reserve(seats->size());
  for (int i : *seats) {
    blocks.push_back(SeatBlock{block_id, event_id, i, map.seat(i).id(), request.label, request.reason,
                               request.release_at_ms, by_user, now});
  }
  std::vector<core::OutboxMessage> messages{events::to_outbox_message(events::SeatsBlocked{
      event_id, block_id, seat_ids_of(blocks), request.label, request.reason, request.release_at_ms, by_user})};
  if (auto st = co_await store_.add_blocks(blocks, std::move(messages)); !st) {
    if (auto freed = co_await seats_.block_abandoned(event_id, block_id); !freed) {
      log_problem("block not recorded, its seats not freed", freed.error(), block_id);
    }
    co_return st.error();
  }
  if (auto st = co_await seats_.block_recorded(event_id, block_id, *seats); !st) {
    // Recorded: the seats stay held by the block in the inventory until the next rebuild, which
    // reads them from the database as blocked. Unsellable either way.
    log_problem("block recorded, its seats not marked blocked", st.error(), block_id);
  }
  co_return blocks;
}

Task<Result<EventBlocks>> SeatBlocks::blocks_of(std::int64_t event_id) {
  auto event = co_await catalog_.find_by_id(event_id);
  if (!event) co_return event.error();
  auto blocks = co_await store_.blocks_of(event_id);
  if (!blocks) co_return blocks.error();
  co_return EventBlocks{std::move(event).value(), std::move(blocks).value()};
}

Task<Result<std::vector<SeatBlock>>> SeatBlocks::release(std::int64_t event_id, ReleaseRequest request,
                                                        std::int64_t by_user) {
  auto current = co_await blocks_of(event_id);
  if (!current) co_return current.error();
  std::vector<SeatBlock> chosen;
  if (!request.block_id.empty()) {
    for (const auto& b : current->blocks) {
      if (b.block_id == request.block_id) chosen.push_back(b);
    }
    if (chosen.empty()) co_return core::not_found("block_not_found", "No such block of this show (released already?)");
  } else {
    auto seats = core::select_seats(*current->event.seat_map, request.seats, core::kMaxSeatsPerBlock);
    if (!seats) co_return seats.error();
    auto named = blocks_of_seats(current->blocks, *seats, *current->event.seat_map);
    if (!named) co_return named.error();
    chosen = std::move(named).value();
  }
  if (auto st = co_await end(event_id, chosen, by_user); !st) co_return st.error();
  co_return chosen;
}

Task<Status> SeatBlocks::end(std::int64_t event_id, const std::vector<SeatBlock>& blocks, std::int64_t by_user) {
  std::vector<core::OutboxMessage> messages{
      events::to_outbox_message(events::SeatsReleased{event_id, seat_ids_of(blocks), by_user})};
  if (auto st = co_await store_.end_blocks(event_id, indexes_of(blocks), std::move(messages)); !st) co_return st;
  if (auto st = co_await seats_.unblocked(event_id, indexes_of(blocks)); !st) {
    // Ended in the database: the next rebuild of the inventory puts them on sale.
    log_problem("block ended, its seats not freed", st.error(), std::to_string(event_id));
  }
  co_return core::Ok{};
}

Task<Result<int>> SeatBlocks::release_due() {
  auto due = co_await store_.blocks_due(clock_.now_ms(), kDuePerSweep);
  if (!due) co_return due.error();
  std::map<std::int64_t, std::vector<SeatBlock>> by_event;
  for (auto& b : *due) by_event[b.event_id].push_back(std::move(b));
  int released = 0;
  std::optional<core::Error> failed;
  for (const auto& [event_id, blocks] : by_event) {
    auto st = co_await end(event_id, blocks, 0);
    // Another server released them first (not_blocked): nothing left to do.
    if (st) {
      released += static_cast<int>(blocks.size());
    } else if (st.error().code != "not_blocked") {
      failed = failed.value_or(st.error());
    }
  }
  if (failed) co_return *failed;
  co_return released;
}

}  // namespace tw::services
