#pragma once
// Booking: the flash-sale core. Holds decide who gets a seat (inventory, all-or-nothing);
// checkout charges the card and turns a hold into tickets in one database transaction whose
// unique index on live tickets is the final guard against selling a seat twice. Every change
// writes its outbox messages in the same transaction. Prices always come from the seat map.
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/best_seats.h"
#include "core/clock.h"
#include "inventory/inventory.h"
#include "payments/payment_gateway.h"
#include "services/catalog.h"
#include "store/store.h"

namespace tw::services {

struct BookingOptions {
  int hold_seconds = 600;            // unless the event sets its own
  int max_seats_per_hold = 8;
  int max_renewals = 2;
  int max_hold_total_seconds = 1800;  // a renewed hold never outlives this from its creation
  std::int64_t checkout_grace_ms = 60'000;  // a hold in checkout is kept at least this long
};

struct Priced {
  core::Cents subtotal = 0;
  core::Cents fee = 0;
  core::Cents total = 0;
};

struct HoldView {
  store::HoldRecord hold;
  std::string event_slug;
  Priced price;
  int renewals_left = 0;
};

struct OrderView {
  store::OrderRecord order;
  std::string event_slug;
  bool replayed = false;  // answered from an earlier request with the same idempotency key
};

struct SeatsView {
  std::int64_t event_id = 0;
  inventory::Availability availability;
};

class Booking {
 public:
  Booking(store::Store& store, inventory::Inventory& inventory, Catalog& catalog, payments::PaymentGateway& gateway,
          const core::Clock& clock, BookingOptions options = {});

  // Re-installs live holds after a restart and expires those whose time ran out meanwhile.
  Task<core::Status> restore();
  Task<core::Result<SeatsView>> seats(std::string slug);
  Task<core::Result<HoldView>> hold(std::int64_t user_id, std::string slug, std::vector<std::string> seat_ids);
  // Holds the best `count` adjacent seats (core::best_seats), retrying if others take them first.
  // kConflict "no_seats_together" when no row has that many adjacent free seats.
  Task<core::Result<HoldView>> hold_best(std::int64_t user_id, std::string slug, core::BestSeatsRequest request);
  Task<core::Result<HoldView>> get_hold(std::int64_t user_id, std::string hold_id);
  Task<core::Result<HoldView>> renew(std::int64_t user_id, std::string hold_id);
  Task<core::Status> release(std::int64_t user_id, std::string hold_id);
  Task<core::Result<OrderView>> checkout(std::int64_t user_id, std::string hold_id, payments::Card card,
                                         std::string idempotency_key);
  // Admin: cancels a confirmed ticket, refunds what was paid for it and puts the seat back on
  // sale; records ticket_cancelled. kNotFound "ticket_not_found"; kConflict "not_cancellable".
  Task<core::Result<store::TicketRecord>> cancel_ticket(std::string ticket_id);
  Task<core::Result<OrderView>> get_order(std::int64_t user_id, std::string order_id);
  // Expires due holds; returns how many. Called every ~100 ms by the app.
  Task<core::Result<int>> expire_due();

 private:
  Task<core::Status> ensure_open(std::int64_t event_id, int seat_count);
  Task<core::Result<EventWithMap>> event_by_id(std::int64_t event_id);
  Task<core::Result<HoldView>> owned_hold(std::int64_t user_id, const std::string& hold_id);
  Task<core::Status> secure_seats_for_checkout(const store::HoldRecord& hold, const core::SeatMap& map);
  Task<core::Result<OrderView>> finish_order(store::OrderRecord order, const payments::Charge& charge,
                                             const store::HoldRecord& hold, const EventWithMap& event);
  Task<void> refund_or_report(std::string payment_id, core::Cents amount);
  std::vector<store::OutboxMessage> seat_messages(const char* type, const store::HoldRecord& hold,
                                                  const char* reason) const;
  int hold_seconds_for(const core::Event& e) const;

  store::Store& store_;
  inventory::Inventory& inventory_;
  Catalog& catalog_;
  payments::PaymentGateway& gateway_;
  const core::Clock& clock_;
  BookingOptions options_;
  std::mutex mu_;
  std::set<std::int64_t> open_events_;  // guarded by mu_
  // Tickets bought per (event, user), loaded from the store on first use and counted up after
  // each sale, so a hold costs no database read. It only enforces the per-account limit, so a
  // count that lags by a racing sale for a moment is harmless; seats are guarded elsewhere.
  std::map<std::pair<std::int64_t, std::int64_t>, int> bought_;  // guarded by mu_
  Task<core::Result<int>> bought(std::int64_t event_id, std::int64_t user_id);
};

// Server-side price of these seats: row prices, the 10 % fee, the total.
Priced price_seats(const core::SeatMap& map, const std::vector<std::string>& seat_ids);

}  // namespace tw::services
