#pragma once
// SeatKeeper: the one owner of the seat inventory's life in this process, and the seat steps of
// everything that is not a hold. It opens an event in the inventory from the database the first
// time it is used (and again when a shared inventory lost it), counts live seats, and moves seats
// for payments, cancellations and transfers. Booking (holds), Checkout, Payments, SeatFeed,
// TicketDesk and the waiting room reach the inventory through it.
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/order.h"
#include "core/ticket.h"
#include "inventory/inventory.h"
#include "services/answered_holds.h"
#include "services/catalog.h"
#include "services/hold_view.h"
#include "services/people.h"
#include "store/booking_store.h"
#include "store/seat_block_store.h"

namespace tw::services {

struct SeatKeeperOptions {
  std::int64_t checkout_grace_ms = 60'000;     // a hold in checkout is kept at least this long
  std::size_t max_answered_holds = 20'000;  // holds answered before their record (AnsweredHolds)
  // Seats organisers took off sale (SeatBlocks); none: no seat is ever blocked (tests of holds).
  store::SeatBlockStore* blocks = nullptr;
};

class SeatKeeper {
 public:
  SeatKeeper(store::BookingStore& store, inventory::Inventory& inventory, Catalog& catalog, const core::Clock& clock,
             SeatKeeperOptions options = {});

  // --- The inventory's events, opened from the database on first use.
  Task<core::Status> open(std::int64_t event_id);
  Task<core::Result<SeatsView>> seats(std::string slug);
  Task<core::Result<inventory::Availability>> availability(std::int64_t event_id);
  // Seats available, held and sold right now.
  Task<core::Result<inventory::SeatCounts>> counts(std::int64_t event_id);
  // Replaces a listing's sold and held seats with the inventory's live counts, so "seats left"
  // leaves out seats that are held as well as those sold.
  Task<core::Status> count_live(core::EventListing& listing);
  // The event by id as the catalogue has it, with its seats sold and held counted now (a page
  // about a ticket or an order just bought must not show the seats left from before it).
  Task<core::Result<EventWithMap>> current_event(std::int64_t event_id);
  // An organiser's edit (Catalog::update_event). One that replaces the layout waits for the holds
  // answered so far to be recorded first (the store refuses the change once a seat is held, and
  // counts held seats from its records), and then has the inventory start the event afresh, since
  // its seats are the old layout's by position: fans who looked before see and hold the new seats.
  Task<core::Result<EventWithMap>> update_event(std::int64_t id, core::EventDraft draft, std::int64_t by_user,
                                                std::optional<core::Layout> layout);
  // Development only: forgets every hold, order and ticket (the seed's reset-tickets).
  Task<core::Status> reset_sales();

  // --- Hold steps, for Booking: each reopens the event when the inventory lost it.
  Task<core::Result<inventory::HoldOutcome>> hold(const inventory::HoldRequest& request);
  Task<core::Status> extend(std::int64_t event_id, const std::string& hold_id, std::int64_t until_ms);
  Task<core::Status> release(std::int64_t event_id, const std::string& hold_id);
  // The person an account's seats count for (services/people.h).
  Task<core::Result<std::int64_t>> person_of(std::int64_t user_id);
  AnsweredHolds& answered() { return answered_; }
  // The hold's record, after its commit when it was answered before (AnsweredHolds).
  Task<core::Result<std::optional<core::HoldRecord>>> find_hold(const std::string& hold_id);
  // Holds whose time ran out, taken aside in the inventory until confirm_expired.
  Task<core::Result<std::vector<inventory::ExpiredHold>>> take_expired(std::int64_t now_ms);
  Task<core::Status> confirm_expired(std::vector<inventory::ExpiredHold> recorded);
  // Records an active hold as expired (announcing its seats), unless it ended otherwise.
  Task<core::Status> record_expiry(const std::string& hold_id);

  // --- Payment steps.
  // The caller's hold for a checkout: one answered but not recorded yet is given as it was
  // answered, without waiting for its record. Safe because every write of the checkout queues
  // behind the hold's insert, and the order commits only against the hold's recorded, still
  // active row. Someone else's, or none, is kNotFound "hold_not_found".
  Task<core::Result<core::HoldRecord>> hold_to_pay(std::int64_t user_id, const std::string& hold_id);
  // Makes sure the hold's seats stay the buyer's while the card is charged. A hold still in the
  // inventory is extended (even one just past its time that the sweeper has not taken: nobody
  // else can have its seats); one already taken is held again if its seats are still free and
  // the account stays within the event's ticket limit with them, else kConflict "hold_expired" or
  // kUnprocessable "ticket_limit".
  Task<core::Status> keep_for_payment(const core::HoldRecord& hold, const EventWithMap& event);
  // After an order committed: its seats are sold in the inventory (and count as the buyer's).
  Task<void> sold(const core::OrderRecord& order);
  // After a payment that produced no order (refused at commit, or settled by the reconciler
  // after a crash): frees what keep_for_payment kept. A hold still within its time keeps its
  // seats (its buyer may pay again); one past its time, kept only for that payment, ends now.
  Task<void> payment_abandoned(std::int64_t event_id, const std::string& hold_id);
  // After a ticket was cancelled: its seat goes back on sale.
  Task<void> ticket_cancelled(const core::TicketRecord& ticket);
  // Before a ticket is given away: its seat counts as `to`'s from now on, unless `to` would pass
  // the event's ticket limit with it (kUnprocessable "ticket_limit", naming the receiver).
  // `undo` moves it back (the store refused the transfer).
  Task<core::Status> give_seat(const core::TicketRecord& ticket, std::int64_t to);
  Task<void> undo_give_seat(const core::TicketRecord& ticket, std::int64_t to);

  // --- Blocked seats (SeatBlocks). The inventory counts them as sold to
  // core::kBlockedSeatOwner, so no inventory needs steps of its own for them.
  // Takes free seats for a block before it is recorded: kHeld, or kTaken naming the seats held or
  // sold. They stay the block's (held by `hold_id`) until block_recorded or block_abandoned; a
  // crash in between leaves them held, unsold, for kBlockHoldMs.
  static constexpr std::int64_t kBlockHoldMs = 24 * 3'600'000;
  Task<core::Result<inventory::HoldOutcome>> take_for_block(std::int64_t event_id, const std::string& hold_id,
                                                            std::vector<int> seats);
  // The block is recorded: its seats are blocked for good (until unblocked).
  Task<core::Status> block_recorded(std::int64_t event_id, const std::string& hold_id, std::vector<int> seats);
  Task<core::Status> block_abandoned(std::int64_t event_id, const std::string& hold_id);
  // Blocked seats whose block ended in the database go back on sale.
  Task<core::Status> unblocked(std::int64_t event_id, std::vector<int> seats);
  // Blocked seats an organiser issued as tickets (BoxOffice) count as `person`'s, outside
  // the ticket limit.
  Task<core::Status> issued_from_block(std::int64_t event_id, std::int64_t person, std::vector<int> seats);

 private:
  Task<core::Result<inventory::EventSnapshot>> snapshot_of(std::int64_t event_id);
  template <class Call>
  auto reopening(std::int64_t event_id, Call call) -> decltype(call());
  void forget(std::int64_t event_id);
  // The person an account's seats count for, or the account when unreadable.
  Task<std::int64_t> person_or_self(std::int64_t user_id);

  store::BookingStore& store_;
  inventory::Inventory& inventory_;
  Catalog& catalog_;
  const core::Clock& clock_;
  SeatKeeperOptions options_;
  People people_;  // the inventory counts seats per person, not per account
  AnsweredHolds answered_;
  std::mutex mu_;
  std::set<std::int64_t> open_events_;  // guarded by mu_
};

// kUnprocessable "ticket_limit": the account would pass the event's limit.
core::Error over_ticket_limit(int limit, int user_seats);

}  // namespace tw::services
