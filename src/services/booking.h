#pragma once
// Booking: who gets a seat. Holds are decided by the inventory (all-or-nothing, with the
// per-account limit checked in the same atomic step) and recorded in the store with their
// outbox messages; every later change of a hold (renew, release, expiry, sale) is a
// compare-and-set on its state, so a renew racing a checkout can never revive a sold hold.
// Checkout (checkout.h) turns a hold into tickets; Payments (payments.h) gives money back. The
// inventory is reached through the SeatKeeper (seat_keeper.h), which also keeps the holds
// answered before their record (AnsweredHolds).
//
// With `answer_holds_before_commit`, a hold is answered once the inventory has decided, and its
// record is committed right after (docs/architecture.md, "What is durable before an answer"): a
// crash in between loses a hold nobody has paid for, which only frees its seats. Every later read
// of that hold by id waits for its record, so nothing acts on a hold the store has not seen. Only
// for a store that applies writes in the order given (SQLite's one writer) and an inventory in
// this process (what the crash loses, the restart forgets too).
//
// During an event's presale (core::SalePhase::kPresale) a hold needs the access code its account
// redeemed and only takes seats the code unlocks; it is recorded before it is answered, in the
// transaction that counts the code's uses (store::BookingStore::insert_hold).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/best_seats.h"
#include "core/clock.h"
#include "services/access_codes.h"
#include "services/catalog.h"
#include "services/hold_view.h"
#include "services/seat_keeper.h"
#include "store/booking_store.h"

namespace tw::services {

struct BookingOptions {
  int hold_seconds = 600;            // unless the event sets its own
  int max_seats_per_hold = 8;
  int max_renewals = 2;
  int max_hold_total_seconds = 1800;  // a renewed hold never outlives this from its creation
  bool answer_holds_before_commit = false;  // see the header comment
  // Presale codes (access_codes.h); none: an event in its presale sells to nobody until its
  // public on-sale.
  AccessCodes* codes = nullptr;
};

// The rules clients show, read from here: how long a hold of an event lasts (its own time, else
// the server's), and the most seats one hold may have.
struct HoldRules {
  int hold_seconds = 0;
  int max_seats_per_hold = 0;
};

class Booking {
 public:
  Booking(store::BookingStore& store, SeatKeeper& seats, Catalog& catalog, const core::Clock& clock,
          BookingOptions options = {});

  HoldRules rules_for(const core::Event& e) const;
  Task<core::Result<HoldView>> hold(std::int64_t user_id, std::string slug, std::vector<std::string> seat_ids);
  // Holds the best `count` adjacent seats (core::best_seats), retrying if others take them first.
  // kConflict "no_seats_together" when no row has that many adjacent free seats.
  Task<core::Result<HoldView>> hold_best(std::int64_t user_id, std::string slug, core::BestSeatsRequest request);
  // The caller's hold; someone else's is kNotFound "hold_not_found", so ids cannot be probed.
  Task<core::Result<HoldView>> get_hold(std::int64_t user_id, std::string hold_id);
  // The caller's holds of an event that are still running, newest first: every tab and device of
  // a fan shows them as theirs.
  Task<core::Result<std::vector<HoldView>>> holds_of(std::int64_t user_id, std::string slug);
  Task<core::Result<HoldView>> renew(std::int64_t user_id, std::string hold_id);
  Task<core::Status> release(std::int64_t user_id, std::string hold_id);
  // Expires due holds; returns how many. Called every ~100 ms by the app.
  Task<core::Result<int>> expire_due();
  // Re-installs live holds after a restart (unless a shared inventory has them) and expires
  // those whose time ran out meanwhile.
  Task<core::Status> restore();
  // Completes once every hold answered so far is recorded (or refused), so a reader of the
  // database's figures (the admin's stats) counts the holds fans were told about.
  Task<void> holds_recorded();

 private:
  // During the event's presale, `states` with the seats the account's code does not unlock
  // marked taken (best available offers only what the hold may take); empty otherwise.
  Task<core::Result<std::vector<std::uint8_t>>> presale_seats(std::int64_t user_id, const EventWithMap& event,
                                                             std::span<const std::uint8_t> states);
  int hold_seconds_for(const core::Event& e) const;
  Task<core::Result<HoldView>> view_of(core::HoldRecord hold);
  // The hold as its owner sees it; none, or someone else's, is kNotFound "hold_not_found".
  Task<core::Result<HoldView>> caller_view(std::int64_t user_id, std::optional<core::HoldRecord> h);
  // Commits a hold the inventory has granted; undoes the grant when the store refuses it.
  Task<core::Status> record_hold(const core::HoldRecord& record);
  // Commits an answered hold in the background (record_hold), then lets its readers go on.
  Task<void> record_hold_later(core::HoldRecord record);

  store::BookingStore& store_;
  SeatKeeper& seats_;
  Catalog& catalog_;
  const core::Clock& clock_;
  BookingOptions options_;
};

}  // namespace tw::services
