#pragma once
// Booking: who gets a seat. Holds are decided by the inventory (all-or-nothing, with the
// per-account limit checked in the same atomic step) and recorded in the store with their
// outbox messages; every later change of a hold (renew, release, expiry, sale) is a
// compare-and-set on its state, so a renew racing a checkout can never revive a sold hold.
// Checkout (checkout.h) turns a hold into tickets; Payments (payments.h) gives money back.
//
// With `answer_holds_before_commit`, a hold is answered once the inventory has decided, and its
// record is committed right after (docs/architecture.md, "What is durable before an answer"): a
// crash in between loses a hold nobody has paid for, which only frees its seats. Every later read
// of that hold by id waits for its record, so nothing acts on a hold the store has not seen. Only
// for a store that applies writes in the order given (SQLite's one writer) and an inventory in
// this process (what the crash loses, the restart forgets too).
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/best_seats.h"
#include "core/clock.h"
#include "core/pricing.h"
#include "inventory/inventory.h"
#include "services/catalog.h"
#include "services/people.h"
#include "store/booking_store.h"

namespace tw {
class OneShot;
}

namespace tw::services {

struct BookingOptions {
  int hold_seconds = 600;            // unless the event sets its own
  int max_seats_per_hold = 8;
  int max_renewals = 2;
  int max_hold_total_seconds = 1800;  // a renewed hold never outlives this from its creation
  std::int64_t checkout_grace_ms = 60'000;  // a hold in checkout is kept at least this long
  bool answer_holds_before_commit = false;  // see the header comment
  std::size_t max_unrecorded_holds = 20'000;  // beyond, a hold waits for its record (backpressure)
};

struct HoldView {
  core::HoldRecord hold;
  std::string event_slug;
  core::OrderPrice price;  // what paying for it costs now, seat fees in seat_ids order
  int renewals_left = 0;
};

struct SeatsView {
  std::int64_t event_id = 0;
  inventory::Availability availability;
};

class Booking {
 public:
  Booking(store::BookingStore& store, inventory::Inventory& inventory, Catalog& catalog, const core::Clock& clock,
          BookingOptions options = {});

  // Re-installs live holds after a restart (unless a shared inventory has them) and expires
  // those whose time ran out meanwhile.
  Task<core::Status> restore();
  Task<core::Result<SeatsView>> seats(std::string slug);
  // How long a hold of this event lasts (its own time, else the server's), and the most seats one
  // hold may have: the rules clients show, read from here.
  int hold_seconds_for(const core::Event& e) const;
  int max_seats_per_hold() const { return options_.max_seats_per_hold; }
  // Seats available, held and sold right now.
  Task<core::Result<inventory::SeatCounts>> counts(std::int64_t event_id);
  // Replaces a listing's sold and held seats with the inventory's live counts, so "seats left"
  // leaves out seats that are held as well as those sold.
  Task<core::Status> count_live(core::EventListing& listing);
  // The event by id as the catalogue has it, with its seats sold and held counted now (a page
  // about a ticket or an order just bought must not show the seats left from before it).
  Task<core::Result<EventWithMap>> current_event(std::int64_t event_id);
  Task<core::Result<HoldView>> hold(std::int64_t user_id, std::string slug, std::vector<std::string> seat_ids);
  // Holds the best `count` adjacent seats (core::best_seats), retrying if others take them first.
  // kConflict "no_seats_together" when no row has that many adjacent free seats.
  Task<core::Result<HoldView>> hold_best(std::int64_t user_id, std::string slug, core::BestSeatsRequest request);
  // The caller's hold; someone else's is kNotFound "hold_not_found", so ids cannot be probed.
  Task<core::Result<HoldView>> get_hold(std::int64_t user_id, std::string hold_id);
  // The caller's holds of an event that are still running, newest first: every tab and device of
  // a fan shows them as theirs.
  Task<core::Result<std::vector<HoldView>>> holds_of(std::int64_t user_id, std::string slug);
  // get_hold for a checkout: a hold answered but not recorded yet is given as it was answered,
  // without waiting for its record. Safe because every write of the checkout queues behind the
  // hold's insert, and the order commits only against the hold's recorded, still active row.
  Task<core::Result<HoldView>> hold_to_pay(std::int64_t user_id, std::string hold_id);
  Task<core::Result<HoldView>> renew(std::int64_t user_id, std::string hold_id);
  Task<core::Status> release(std::int64_t user_id, std::string hold_id);
  // Expires due holds; returns how many. Called every ~100 ms by the app.
  Task<core::Result<int>> expire_due();
  // Development only: forgets every hold, order and ticket (the seed's reset-tickets).
  Task<core::Status> reset_sales();
  // An organiser's edit (Catalog::update_event). One that replaces the layout waits for the holds
  // answered so far to be recorded first (the store refuses the change once a seat is held, and
  // counts held seats from its records), and then has the inventory start the event afresh, since
  // its seats are the old layout's by position: fans who looked before see and hold the new seats.
  Task<core::Result<EventWithMap>> update_event(std::int64_t id, core::EventDraft draft,
                                                std::optional<core::Layout> layout);

  // For checkout: makes sure the hold's seats stay the buyer's while the card is charged. A hold
  // still in the inventory is extended (even one just past its time that the sweeper has not
  // taken: nobody else can have its seats); one already taken is held again if its seats are
  // still free and the account stays within the event's ticket limit with them, else kConflict
  // "hold_expired" or kUnprocessable "ticket_limit".
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
  // Completes once every hold answered so far is recorded (or refused), so a reader of the
  // database's figures (the admin's stats) counts the holds fans were told about.
  Task<void> holds_recorded();

 private:
  Task<core::Result<inventory::EventSnapshot>> snapshot_of(std::int64_t event_id);
  Task<core::Status> ensure_open(std::int64_t event_id);
  template <class Call>
  auto reopening(std::int64_t event_id, Call call) -> decltype(call());
  // The event's seat states now (opening it in the inventory first if it has to).
  Task<core::Result<inventory::Availability>> availability_of(std::int64_t event_id);
  Task<core::Result<HoldView>> view_of(core::HoldRecord hold);
  // The hold's record, after its commit when it was answered before (see the header comment).
  Task<core::Result<std::optional<core::HoldRecord>>> find_hold(const std::string& hold_id);
  // Commits a hold the inventory has granted; undoes the grant when the store refuses it.
  // The hold as its owner sees it; none, or someone else's, is kNotFound "hold_not_found".
  Task<core::Result<HoldView>> caller_view(std::int64_t user_id, std::optional<core::HoldRecord> h);
  Task<core::Status> record_hold(const core::HoldRecord& record);
  // Commits an answered hold in the background (record_hold), then lets its readers go on.
  Task<void> record_hold_later(core::HoldRecord record, std::shared_ptr<OneShot> done);
  struct Unrecorded {
    core::HoldRecord record;  // as answered
    std::shared_ptr<OneShot> recorded;
  };
  // Records a hold taken by take_expired as expired (announcing its seats), unless it ended otherwise.
  Task<core::Status> record_expiry(const std::string& hold_id);
  // The person an account's seats count for (services/people.h), or the account when unreadable.
  Task<std::int64_t> person_or_self(std::int64_t user_id);

  store::BookingStore& store_;
  inventory::Inventory& inventory_;
  Catalog& catalog_;
  const core::Clock& clock_;
  BookingOptions options_;
  People people_;  // the inventory counts seats per person, not per account
  std::mutex mu_;
  std::set<std::int64_t> open_events_;  // guarded by mu_
  // Holds answered whose record is not committed yet, each with the signal its readers await.
  std::unordered_map<std::string, Unrecorded> unrecorded_;  // guarded by mu_
};

// Server-side price of these seats (core::price_order over their row prices).
core::OrderPrice price_seats(const core::SeatMap& map, const std::vector<std::string>& seat_ids);

}  // namespace tw::services
