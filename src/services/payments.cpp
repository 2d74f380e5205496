#include "services/payments.h"

#include <algorithm>

#include "core/ids.h"
#include "core/error_codes.h"
#include "core/show_cancellation.h"
#include "async/log.h"
#include "services/sale_messages.h"
#include "services/sale_metrics.h"

namespace tw::services {
using core::Result;
using core::PaymentState;
using core::RefundState;

namespace {
// Refusals that no retry can change: only an admin looking at the refund can help.
bool hopeless(const core::Error& e) {
  return e.kind == core::ErrorKind::kNotFound || e.kind == core::ErrorKind::kConflict ||
         e.kind == core::ErrorKind::kInvalid;
}
}  // namespace

Payments::Payments(store::BookingStore& store, store::TicketStore& tickets, SeatKeeper& seats,
                   payments::PaymentGateway& gateway, const core::Clock& clock, PaymentsOptions options)
    : store_(store), tickets_(tickets), seats_(seats), gateway_(gateway), clock_(clock), options_(options) {}

Task<core::RefundRecord> Payments::attempt(core::RefundRecord r) {
  ++r.attempts;
  payments::RefundRequest request{r.id, r.processor_id, r.amount};
  // Paid at a box office, or nothing paid: no card to give the money back to.
  core::Status done = core::Ok{};
  if (!core::paid_outside_processor(r.processor_id)) done = co_await gateway_.refund(std::move(request));
  sale_metrics::refund_tried(done.ok());
  const auto now = clock_.now_ms();
  if (done) {
    r.state = RefundState::kSucceeded;
    r.last_error.clear();
    r.next_attempt_at_ms = 0;
  } else {
    r.state = RefundState::kFailed;
    r.last_error = done.error().code + ": " + done.error().message;
    const bool again = !hopeless(done.error()) && r.attempts < options_.max_refund_attempts;
    r.next_attempt_at_ms = again ? now + (options_.first_retry_ms << std::min(r.attempts - 1, 20)) : 0;
    log_problem("refund failed", done.error(), r.id);
  }
  std::vector<core::OutboxMessage> messages{refund_message(r)};
  if (auto st = co_await store_.update_refund(r, std::move(messages)); !st) {
    // The processor's ledger has the truth; the reconciler tries this refund again (idempotent
    // by id) and records it then.
    log_problem("refund outcome not recorded", st.error(), r.id);
  }
  co_return r;
}

Task<Result<core::RefundRecord>> Payments::refund_unordered(core::PaymentRecord p) {
  if (p.state == PaymentState::kPending) {
    p.state = PaymentState::kApproved;
    std::vector<core::OutboxMessage> none;
    auto st = co_await store_.move_payment(p, PaymentState::kPending, std::move(none));
    if (!st && st.error().code != core::codes::kPaymentMoved) co_return st.error();
    if (!st) {
      // Someone else settled it first; act on what they recorded.
      auto now_is = co_await store_.find_payment(p.id);
      if (!now_is) co_return now_is.error();
      if (!now_is->has_value()) co_return core::internal("payment " + p.id + " vanished");
      p = std::move(**now_is);
      if (p.state != PaymentState::kApproved || !p.order_id.empty()) {
        co_return core::conflict("not_refundable", "The payment is settled already");
      }
    }
  }
  const auto now = clock_.now_ms();
  // One refund per payment, whoever asks: its id comes from the payment's.
  core::RefundRecord refund{.id = "rf-" + p.id,
                            .payment_id = p.id,
                            .processor_id = p.processor_id,
                            .amount = p.amount,
                            .reason = "order_not_completed",
                            .created_at_ms = now,
                            .updated_at_ms = now,
                            .next_attempt_at_ms = now + options_.settle_after_ms,
                            .currency = p.currency};
  if (auto st = co_await store_.insert_refund(refund); !st) {
    if (st.error().code != core::codes::kRefundExists) co_return st.error();
    auto known = co_await store_.find_refund(refund.id);
    if (!known) co_return known.error();
    if (!known->has_value()) co_return core::internal("refund " + refund.id + " vanished");
    co_return std::move(**known);
  }
  co_return co_await attempt(std::move(refund));
}

Task<Result<CancelledTicket>> Payments::cancel_ticket(std::string ticket_id, std::string reason) {
  auto found = co_await tickets_.find_ticket(std::move(ticket_id));
  if (!found) co_return found.error();
  if (!found->has_value()) co_return core::not_found("ticket_not_found", "No such ticket");
  auto t = std::move(**found);
  auto order = co_await store_.find_order(t.order_id);
  if (!order) co_return order.error();
  if (!order->has_value()) co_return core::internal("ticket " + t.id + " has no order");
  auto payment = co_await store_.find_payment((*order)->payment_id);
  if (!payment) co_return payment.error();
  if (!payment->has_value()) co_return core::internal("order " + t.order_id + " has no payment");
  const auto now = clock_.now_ms();
  core::RefundRecord refund{.id = core::new_uuid(),
                            .payment_id = (*payment)->id,
                            .processor_id = (*payment)->processor_id,
                            .ticket_id = t.id,
                            .amount = t.total,
                            .reason = reason,
                            .created_at_ms = now,
                            .updated_at_ms = now,
                            .next_attempt_at_ms = now + options_.settle_after_ms,
                            .currency = (*payment)->currency};
  std::vector<core::OutboxMessage> messages{ticket_cancelled_message(t, refund)};
  if (auto st = co_await store_.cancel_ticket(t.id, refund, std::move(messages)); !st) co_return st.error();
  if (reason != core::kShowCancelledRefund) co_await seats_.ticket_cancelled(t);
  t.status = core::TicketStatus::kCancelled;
  auto tried = co_await attempt(std::move(refund));
  co_return CancelledTicket{std::move(t), std::move(tried)};
}

Task<Result<core::RefundRecord>> Payments::retry_refund(std::string refund_id) {
  auto found = co_await store_.find_refund(std::move(refund_id));
  if (!found) co_return found.error();
  if (!found->has_value()) co_return core::not_found("refund_not_found", "No such refund");
  if ((*found)->state == RefundState::kSucceeded) co_return std::move(**found);
  co_return co_await attempt(std::move(**found));
}

Task<Result<std::vector<core::RefundRecord>>> Payments::refunds(core::RefundQuery query) {
  co_return co_await store_.list_refunds(query);
}

// A payment left pending: the processor says whether it charged, and the record follows.
Task<core::Status> Payments::settle_pending(core::PaymentRecord p) {
  auto charge = co_await gateway_.find_charge(p.id);
  if (!charge) co_return charge.error();
  if (charge->has_value() && (**charge).status == payments::ChargeStatus::kApproved) {
    p.processor_id = (**charge).processor_id;
    auto refund = co_await refund_unordered(std::move(p));
    if (!refund) co_return refund.error();
    co_return core::Ok{};
  }
  if (charge->has_value()) {
    p.processor_id = (**charge).processor_id;
    p.decline_code = payments::charge_status_name((**charge).status);
  } else {
    p.decline_code = "not_charged";
  }
  p.state = p.decline_code == "declined" || p.decline_code == "insufficient_funds" ? PaymentState::kDeclined
                                                                                  : PaymentState::kFailed;
  std::vector<core::OutboxMessage> messages{payment_message(p)};
  auto st = co_await store_.move_payment(p, PaymentState::kPending, std::move(messages));
  if (!st && st.error().code != core::codes::kPaymentMoved) co_return st;
  co_return core::Ok{};
}

Task<Result<ReconcileReport>> Payments::reconcile() {
  ReconcileReport report;
  const auto now = clock_.now_ms();
  auto open = co_await store_.unsettled_payments(now - options_.settle_after_ms, 100);
  if (!open) co_return open.error();
  for (auto& p : *open) {
    const auto id = p.id;
    if (p.state == PaymentState::kPending) {
      const auto event_id = p.event_id;
      const auto hold_id = p.hold_id;
      auto st = co_await settle_pending(std::move(p));
      if (!st) log_problem("payment not settled", st.error(), id);
      // Its checkout died with its process: the hold it kept is free to expire (no order came).
      if (st) co_await seats_.payment_abandoned(event_id, hold_id);
    } else {
      auto refund = co_await refund_unordered(std::move(p));
      if (!refund) log_problem("payment not refunded", refund.error(), id);
    }
    ++report.payments_settled;
  }
  auto due = co_await store_.refunds_due(now, 100);
  if (!due) co_return due.error();
  for (auto& r : *due) {
    auto tried = co_await attempt(std::move(r));
    ++report.refunds_tried;
    if (tried.state != RefundState::kSucceeded) ++report.refunds_failed;
  }
  co_return report;
}

}  // namespace tw::services
