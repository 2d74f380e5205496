#pragma once
// BookingStore: the money side of a sale — holds, payments, orders with their tickets, refunds —
// and the outbox appends that go with each change (conventions in database.h).
//
// State changes are compare-and-set: each names the state it moves from and is refused with
// kConflict when the row is no longer there, so two instances (or a renew racing a checkout)
// can never move a hold or a payment backwards. A sold hold stays sold.
#include <optional>
#include <string>
#include <vector>

#include "async/task.h"
#include "core/error_codes.h"
#include "core/result.h"
#include "store/records.h"

namespace tw::store {

// commit_order's refusal of a ticket whose seat position and id the event's layout no longer pairs.
inline core::Error layout_changed() {
  return core::conflict(std::string(core::codes::kLayoutChanged),
                        "the seat map changed: a seat of the order is not where it was");
}

class BookingStore {
 public:
  virtual ~BookingStore() = default;

  // --- holds
  virtual Task<core::Status> insert_hold(HoldRecord hold, std::vector<OutboxMessage> messages) = 0;
  // Moves an active hold's expiry. kConflict "hold_not_active" unless it is active.
  virtual Task<core::Status> extend_hold(std::string hold_id, int renewals, std::int64_t expires_at_ms) = 0;
  // Ends an active hold as kReleased or kExpired, with its messages. kConflict "hold_not_active"
  // unless it is active (nothing is written then).
  virtual Task<core::Status> end_hold(std::string hold_id, HoldStatus to, std::vector<OutboxMessage> messages) = 0;
  virtual Task<core::Result<std::optional<HoldRecord>>> find_hold(std::string id) = 0;
  // Every event's active holds (a restart restores them), and one event's (opening it). Both
  // read only active holds, whatever number of holds earlier sales left behind.
  virtual Task<core::Result<std::vector<HoldRecord>>> active_holds() = 0;
  virtual Task<core::Result<std::vector<HoldRecord>>> active_holds_of(std::int64_t event_id) = 0;
  // One account's active holds of one event (past their expiry too, until the sweeper ends them).
  virtual Task<core::Result<std::vector<HoldRecord>>> active_holds_of_user(std::int64_t user_id,
                                                                           std::int64_t event_id) = 0;
  // Seats with a live (confirmed or used) ticket, and whose ticket it is.
  virtual Task<core::Result<std::vector<SoldSeat>>> sold_seats(std::int64_t event_id) = 0;
  // The person each of these accounts counts as for ticket limits; unknown accounts are left out.
  virtual Task<core::Result<std::vector<AccountPerson>>> people_of(std::vector<std::int64_t> user_ids) = 0;

  // --- payments
  // kConflict "payment_exists" when this user already used this idempotency key;
  // else kConflict "payment_in_progress" when another payment of the same hold is pending or
  // approved (at most one charge in flight per hold).
  virtual Task<core::Status> insert_payment(PaymentRecord payment) = 0;
  virtual Task<core::Result<std::optional<PaymentRecord>>> find_payment(std::string id) = 0;
  virtual Task<core::Result<std::optional<PaymentRecord>>> find_payment_by_key(std::int64_t user_id,
                                                                               std::string key) = 0;
  // Moves a payment from `from` to `payment.state`, recording its processor id and decline code,
  // with the messages. kConflict "payment_moved" when it is no longer in `from`.
  virtual Task<core::Status> move_payment(PaymentRecord payment, PaymentState from,
                                          std::vector<OutboxMessage> messages) = 0;
  // Payments that a crash may have left unfinished: pending, or approved without an order and
  // without a refund yet, last changed before `before_ms`. Oldest first.
  virtual Task<core::Result<std::vector<PaymentRecord>>> unsettled_payments(std::int64_t before_ms, int limit) = 0;

  // --- orders
  // In one transaction: the order and its tickets; the hold moved to kSold (from active or
  // expired); the order's payment moved from pending to approved with `processor_id` and the
  // order's id; the messages. kConflict "seat_sold" when a seat already has a live ticket (the
  // final guard against overselling), "layout_changed" when a ticket's seat position and id are
  // not a seat of the event's layout now, "duplicate_order" when the user has an order for this
  // key, "hold_not_active" when the hold was released or sold meanwhile, "payment_moved" when
  // the payment is not pending. Nothing is written on any refusal.
  virtual Task<core::Status> commit_order(OrderRecord order, std::string processor_id,
                                          std::vector<OutboxMessage> messages) = 0;
  virtual Task<core::Result<std::optional<OrderRecord>>> find_order(std::string id) = 0;
  virtual Task<core::Result<std::optional<OrderRecord>>> find_order_by_key(std::int64_t user_id, std::string key) = 0;

  // --- refunds
  // A whole-payment refund for an approved payment without an order. kConflict "refund_exists"
  // when a refund with this id exists (it is the same refund: idempotent by id).
  virtual Task<core::Status> insert_refund(RefundRecord refund) = 0;
  // Cancels a confirmed ticket and records its refund (pending) and messages, in one
  // transaction. kConflict "not_cancellable" when the ticket is not confirmed.
  virtual Task<core::Status> cancel_ticket(std::string ticket_id, RefundRecord refund,
                                           std::vector<OutboxMessage> messages) = 0;
  // Records an attempt's outcome (state, attempts, last error, next attempt), with messages.
  // When a whole-payment refund succeeds its payment becomes kRefunded in the same transaction.
  virtual Task<core::Status> update_refund(RefundRecord refund, std::vector<OutboxMessage> messages) = 0;
  virtual Task<core::Result<std::optional<RefundRecord>>> find_refund(std::string id) = 0;
  // Refunds the reconciler should try now: pending or failed, with a next attempt due by `now_ms`.
  virtual Task<core::Result<std::vector<RefundRecord>>> refunds_due(std::int64_t now_ms, int limit) = 0;
  // Newest first.
  virtual Task<core::Result<std::vector<RefundRecord>>> list_refunds(RefundQuery query) = 0;

  virtual Task<core::Status> append_outbox(std::vector<OutboxMessage> messages) = 0;
  // Development only: deletes every ticket, order, payment, refund and hold.
  virtual Task<core::Status> reset_tickets() = 0;
};

}  // namespace tw::store
