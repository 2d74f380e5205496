#pragma once
// Checkout: pays for a hold and turns it into tickets.
//
// Money is recorded before it moves: a payment row (pending) is written before the processor is
// called, and the order commits in one transaction with its tickets, the hold's sale and the
// payment's approval, guarded by the unique index on live tickets. An idempotency key belongs
// to one payment for good: a repeated request — concurrent or later, on any instance — gets
// that payment's outcome (its order, or the same decline), and a refunded or declined charge
// can never become tickets.
#include <string>

#include "core/clock.h"
#include "payments/payment_gateway.h"
#include "services/seat_keeper.h"
#include "services/catalog.h"
#include "services/payments.h"
#include "store/booking_store.h"

namespace tw::services {

struct OrderView {
  core::OrderRecord order;
  std::string event_slug;
  std::string currency;  // the event's, of every amount here
  bool replayed = false;  // answered from an earlier request with the same idempotency key
};

struct CheckoutOptions {
  // How long a request whose key is already being paid for waits for that payment's outcome.
  std::int64_t wait_for_twin_ms = 30'000;
  std::int64_t poll_ms = 25;
};

class Checkout {
 public:
  Checkout(store::BookingStore& store, SeatKeeper& seats, Catalog& catalog, payments::PaymentGateway& gateway,
           Payments& payments, const core::Clock& clock, CheckoutOptions options = {});

  Task<core::Result<OrderView>> checkout(std::int64_t user_id, std::string hold_id, payments::Card card,
                                         std::string idempotency_key);
  Task<core::Result<OrderView>> get_order(std::int64_t user_id, std::string order_id);

 private:
  Task<core::Result<OrderView>> attempt(std::int64_t user_id, std::string hold_id, payments::Card card,
                                        std::string idempotency_key);
  // The answer for a key that already has a payment: its order, its decline, or — while it is
  // still being paid for elsewhere — that outcome once it is known.
  Task<core::Result<OrderView>> outcome_of(core::PaymentRecord payment);
  Task<core::Result<OrderView>> replay(const std::string& order_id);
  // A refusal met before this request's payment exists may be a twin request's success (the
  // same key sold the hold a moment ago): the twin's outcome is the answer then.
  Task<core::Result<OrderView>> unless_twin(core::Error refusal, std::int64_t user_id, const std::string& key);
  Task<core::Result<OrderView>> pay(const HoldView& view, const EventWithMap& event, payments::Card card,
                                    std::string key);
  Task<core::Result<EventWithMap>> event_naming(const core::HoldRecord& hold);
  Task<core::Result<OrderView>> finish(core::PaymentRecord payment, const payments::Charge& charge,
                                       const HoldView& view, const EventWithMap& event);

  store::BookingStore& store_;
  SeatKeeper& seats_;
  Catalog& catalog_;
  payments::PaymentGateway& gateway_;
  Payments& payments_;
  const core::Clock& clock_;
  CheckoutOptions options_;
};

}  // namespace tw::services
