#pragma once
// Payments: the money office. It gives money back — a whole charge that produced no order, a
// cancelled ticket — recording each refund before asking the processor and every attempt's
// outcome after, and it reconciles: payments a crash left open are settled with the processor
// (an approved charge whose order never committed is refunded), and refunds that failed are
// retried with back-off until they succeed or an admin takes over. Nothing here depends on
// memory: every decision is read from, and recorded in, the store.
#include <string>
#include <vector>

#include "core/clock.h"
#include "payments/payment_gateway.h"
#include "services/seat_keeper.h"
#include "store/booking_store.h"
#include "store/ticket_store.h"

namespace tw::services {

struct PaymentsOptions {
  // A payment or refund left open this long is presumed abandoned by a crash and settled by
  // the reconciler. Longer than any checkout can take, so it never races a live one.
  std::int64_t settle_after_ms = 120'000;
  int max_refund_attempts = 8;          // then it waits for an admin's retry
  std::int64_t first_retry_ms = 30'000;  // doubles with each failed attempt
};

struct CancelledTicket {
  core::TicketRecord ticket;
  core::RefundRecord refund;  // kSucceeded, or kFailed with its error (recorded, retried)
};

struct ReconcileReport {
  int payments_settled = 0;
  int refunds_tried = 0;
  int refunds_failed = 0;
};

class Payments {
 public:
  Payments(store::BookingStore& store, store::TicketStore& tickets, SeatKeeper& seats,
           payments::PaymentGateway& gateway, const core::Clock& clock, PaymentsOptions options = {});

  // Gives back the whole of a charge the processor approved for a payment that has no order
  // (pending or approved): the payment is marked approved, its refund recorded and tried once.
  // A refund recorded already is answered as it stands (the reconciler retries it when due).
  Task<core::Result<core::RefundRecord>> refund_unordered(core::PaymentRecord payment);
  // Admin: cancels a confirmed ticket, puts its seat back on sale and refunds what was paid for
  // it. kNotFound "ticket_not_found"; kConflict "not_cancellable". With `reason`
  // core::kShowCancelledRefund the whole show is being cancelled (ShowCancellations): the seat
  // stays off sale and the holder is told once for all their tickets, not per ticket.
  Task<core::Result<CancelledTicket>> cancel_ticket(std::string ticket_id, std::string reason = "ticket_cancelled");
  // Admin: tries a refund that has not succeeded again now. kNotFound "refund_not_found".
  Task<core::Result<core::RefundRecord>> retry_refund(std::string refund_id);
  Task<core::Result<std::vector<core::RefundRecord>>> refunds(core::RefundQuery query);
  // Settles what a crash or a processor failure left open. Called at start-up and every few
  // seconds by the app; safe on several instances at once (every step is idempotent).
  Task<core::Result<ReconcileReport>> reconcile();

 private:
  Task<core::RefundRecord> attempt(core::RefundRecord refund);
  Task<core::Status> settle_pending(core::PaymentRecord payment);

  store::BookingStore& store_;
  store::TicketStore& tickets_;
  SeatKeeper& seats_;
  payments::PaymentGateway& gateway_;
  const core::Clock& clock_;
  PaymentsOptions options_;
};

}  // namespace tw::services
