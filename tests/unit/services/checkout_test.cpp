// Checkout and the money office on fakes: every way a payment can go, including the crashes and
// outages a real processor and database bring (injected through the store wrappers and the fake
// processor's switches).
#include "services/checkout.h"

#include "unit/services/sale_fixture.h"

namespace tw::services {

using core::PaymentState;
using core::RefundState;

// The database refuses every order: another buyer's tickets got there first.
struct SeatSoldOnCommit : testing::BookingStoreWrapper {
  using BookingStoreWrapper::BookingStoreWrapper;
  Task<core::Status> commit_order(core::OrderRecord, std::string, std::vector<core::OutboxMessage>) override {
    co_return core::conflict("seat_sold", "sold");
  }
};

class CheckoutTest : public SaleFixture {
 protected:
  core::PaymentRecord payment(std::int64_t user, const std::string& key) {
    auto p = run_task(stores_.booking->find_payment_by_key(user, key));
    EXPECT_TRUE(p.ok() && p->has_value());
    return p.ok() && p->has_value() ? **p : core::PaymentRecord{};
  }
};

TEST_F(CheckoutTest, APaidHoldBecomesTicketsThatAddUpToTheCharge) {
  const auto u = buyer("pays");
  auto h = hold(u, {"A-A-1", "B-B-7", "B-B-8"});
  auto order = pay(u, h.hold.id, "k1");
  ASSERT_TRUE(order.ok()) << order.error().message;
  EXPECT_FALSE(order->replayed);
  core::Cents sum = 0;
  for (const auto& t : order->order.tickets) sum += t.total;
  EXPECT_EQ(sum, order->order.total);
  EXPECT_EQ(order->order.total, h.price.total);
  EXPECT_EQ(state(0), inventory::SeatState::kSold);
  EXPECT_EQ(payment(u, "k1").state, PaymentState::kApproved);
  EXPECT_EQ(payment(u, "k1").order_id, order->order.id);
  EXPECT_EQ(messages("ticket_sold"), 3);
  EXPECT_EQ(messages("payment_processed"), 1);
  auto again = pay(u, h.hold.id, "k1");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->order.id, order->order.id);
  EXPECT_EQ(gateway_.charges(), 1) << "charged once";
  EXPECT_EQ(pay(u, h.hold.id, "k2").error().code, "hold_already_sold");
}

TEST_F(CheckoutTest, ADeclineKeepsTheHoldAndTheKeyAnswersTheSameDeclineForGood) {
  const auto u = buyer("declined");
  auto h = hold(u, {"A-A-2"});
  EXPECT_EQ(pay(u, h.hold.id, "d", "4000 0000 0000 0002").error().code, "card_declined");
  EXPECT_EQ(pay(u, h.hold.id, "d").error().code, "card_declined") << "a declined key never becomes tickets";
  EXPECT_EQ(payment(u, "d").state, PaymentState::kDeclined);
  EXPECT_EQ(pay(u, h.hold.id, "f", "4000 0000 0000 9995").error().code, "insufficient_funds");
  EXPECT_EQ(pay(u, h.hold.id, "e", "4000 0000 0000 0119").error().code, "processor_error");
  EXPECT_EQ(payment(u, "e").state, PaymentState::kFailed);
  EXPECT_EQ(pay(u, h.hold.id, "x", "4242 4242 4242 4241").error().code, "invalid_card");
  EXPECT_FALSE(run_task(stores_.booking->find_payment_by_key(u, "x"))->has_value()) << "a bad card records nothing";
  EXPECT_EQ(state(1), inventory::SeatState::kHeld);
  EXPECT_TRUE(pay(u, h.hold.id, "ok").ok());
}

// A first attempt does not look its key up (one database round trip fewer on every checkout of
// a sale); every repeat still finds its twin, at the hold or at the payment's insert, and pays
// nothing more.
TEST_F(CheckoutTest, AFirstAttemptGoesStraightOnAndEveryRepeatFindsItsTwin) {
  struct CountingKeyLookUps : testing::BookingStoreWrapper {
    using BookingStoreWrapper::BookingStoreWrapper;
    Task<core::Result<std::optional<core::PaymentRecord>>> find_payment_by_key(std::int64_t user,
                                                                                std::string key) override {
      ++look_ups;
      co_return co_await BookingStoreWrapper::find_payment_by_key(user, std::move(key));
    }
    int look_ups = 0;
  };
  CountingKeyLookUps counting(*stores_.booking);
  build(counting);
  const auto u = buyer("straight");
  auto declined_hold = hold(u, {"A-A-3"});
  EXPECT_EQ(pay(u, declined_hold.hold.id, "no", "4000 0000 0000 0002").error().code, "card_declined");
  auto paid_hold = hold(u, {"A-A-5"});
  auto order = pay(u, paid_hold.hold.id, "yes");
  ASSERT_TRUE(order.ok()) << order.error().message;
  EXPECT_EQ(counting.look_ups, 0) << "first attempts";
  EXPECT_EQ(gateway_.charges(), 2);
  // The declined key again, now with a good card: its hold is still active, so the repeat meets
  // its twin at the insert.
  EXPECT_EQ(pay(u, declined_hold.hold.id, "no").error().code, "card_declined");
  // The paid key again: its hold is sold, so the repeat meets its twin there.
  auto again = pay(u, paid_hold.hold.id, "yes");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->order.id, order->order.id);
  // The paid key again with a card that no longer passes: still the order, not the refusal.
  auto expired_card = pay(u, paid_hold.hold.id, "yes", "4242 4242 4242 4241");
  ASSERT_TRUE(expired_card.ok()) << expired_card.error().code;
  EXPECT_EQ(expired_card->order.id, order->order.id);
  EXPECT_EQ(gateway_.charges(), 2) << "a repeat charges nothing";
  EXPECT_EQ(counting.look_ups, 3);
  EXPECT_EQ(state(2), inventory::SeatState::kHeld) << "the declined hold keeps its seat";
}

TEST_F(CheckoutTest, RefusalsBeforeChargingChargeNothing) {
  const auto u = buyer("refused");
  EXPECT_EQ(pay(u, "no-such-hold", "k").error().code, "hold_not_found");
  auto h = hold(u, {"A-A-3"});
  EXPECT_EQ(pay(buyer("other"), h.hold.id, "k").error().code, "hold_not_found") << "someone else's hold";
  EXPECT_EQ(pay(u, h.hold.id, "").error().code, "missing_idempotency_key");
  ASSERT_TRUE(run_task(booking_->release(u, h.hold.id)).ok());
  EXPECT_EQ(pay(u, h.hold.id, "k").error().code, "hold_released");
  EXPECT_EQ(gateway_.charges(), 0);
}

TEST_F(CheckoutTest, AnExpiredHoldIsPaidIfItsSeatsAreFreeAndRefusedBeforeChargingIfNot) {
  const auto u = buyer("late");
  auto free = hold(u, {"A-A-4"});
  auto taken = hold(u, {"A-A-5"});
  clock_.advance_ms(60'001);
  // Just past its time, before the sweeper ran: nobody took its seat, so it can be paid.
  EXPECT_TRUE(pay(u, free.hold.id, "free").ok());
  ASSERT_EQ(*run_task(booking_->expire_due()), 1);
  hold(buyer("quick"), {"A-A-5"});
  EXPECT_EQ(pay(u, taken.hold.id, "taken").error().code, "hold_expired");
  EXPECT_EQ(gateway_.charges(), 1);
}

// Issue 30, item 3: with holds that lapsed one after another, each re-taken at checkout without
// the ticket limit, an account bought 24 seats at an event allowing 8.
TEST_F(CheckoutTest, LapsedHoldsPaidOneAfterAnotherStayWithinTheTicketLimit) {
  const auto u = buyer("hoarder");
  std::vector<HoldView> lapsed;
  for (const char* row : {"A-A-", "A-B-", "B-A-"}) {
    std::vector<std::string> seats;
    for (int i = 1; i <= 6; ++i) seats.push_back(row + std::to_string(i));
    lapsed.push_back(hold(u, seats));
    clock_.advance_ms(60'001);
    ASSERT_EQ(*run_task(booking_->expire_due()), 1);
  }
  EXPECT_TRUE(pay(u, lapsed[0].hold.id, "k0").ok());
  EXPECT_EQ(pay(u, lapsed[1].hold.id, "k1").error().code, "ticket_limit");
  EXPECT_EQ(pay(u, lapsed[2].hold.id, "k2").error().code, "ticket_limit");
  EXPECT_EQ(gateway_.charges(), 1) << "nothing charged for the refused ones";
  EXPECT_EQ(state(10), inventory::SeatState::kAvailable) << "a refused hold's seats stay on sale";
}

TEST_F(CheckoutTest, WhenTheProcessorDoesNotAnswerThePaymentStaysPendingAndIsSettledLater) {
  const auto u = buyer("outage");
  auto h = hold(u, {"B-A-1"});
  gateway_.unreachable_once = true;
  EXPECT_EQ(pay(u, h.hold.id, "k").error().code, "payment_pending");
  EXPECT_EQ(payment(u, "k").state, PaymentState::kPending);
  EXPECT_EQ(pay(u, h.hold.id, "k").error().code, "payment_pending") << "the key waits for its payment's outcome";
  clock_.advance_ms(10'001);
  auto report = run_task(payments_->reconcile());
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->payments_settled, 1);
  EXPECT_EQ(payment(u, "k").state, PaymentState::kFailed) << "the processor never charged it";
  EXPECT_EQ(payment(u, "k").decline_code, "not_charged");
}

// Issue 30, item 5: after a crash cut a checkout off before the processor saw it, the reconciler
// settled it as not charged, and a retry with the same key answered 402 card_declined.
TEST_F(CheckoutTest, APaymentThatNeverReachedTheProcessorIsNotCalledDeclined) {
  const auto u = buyer("cut-off");
  auto h = hold(u, {"B-A-3"});
  gateway_.unreachable_once = true;
  EXPECT_EQ(pay(u, h.hold.id, "k").error().code, "payment_pending");
  clock_.advance_ms(10'001);
  ASSERT_TRUE(run_task(payments_->reconcile()).ok());
  ASSERT_EQ(payment(u, "k").decline_code, "not_charged");
  auto again = pay(u, h.hold.id, "k");
  EXPECT_EQ(again.error().code, "payment_not_completed");
  EXPECT_EQ(again.error().kind, core::ErrorKind::kConflict);
  EXPECT_EQ(again.error().message.find("declined"), std::string::npos) << again.error().message;
  EXPECT_TRUE(pay(u, h.hold.id, "k2").ok()) << "a new key pays";
  EXPECT_EQ(gateway_.charges(), 1);
}

TEST_F(CheckoutTest, AChargeWhoseAnswerWasLostIsRefundedByTheReconciler) {
  const auto u = buyer("lost");
  auto h = hold(u, {"B-A-2"});
  gateway_.lose_next_answer = true;
  EXPECT_EQ(pay(u, h.hold.id, "k").error().code, "payment_pending");
  clock_.advance_ms(10'001);
  ASSERT_TRUE(run_task(payments_->reconcile()).ok());
  const auto p = payment(u, "k");
  EXPECT_EQ(p.state, PaymentState::kRefunded);
  EXPECT_EQ(gateway_.refunded(p.processor_id), p.amount) << "the whole charge went back";
  EXPECT_EQ(pay(u, h.hold.id, "k").error().code, "payment_refunded") << "never tickets from a refunded key";
}

// The database refused the order after the charge (another buyer's tickets got there first):
// the whole charge goes back, recorded.
TEST_F(CheckoutTest, ARefusedOrderIsRefundedAtOnce) {
  SeatSoldOnCommit refusing(*stores_.booking);
  build(refusing);
  const auto u = buyer("refunded");
  auto h = hold(u, {"B-A-3"});
  EXPECT_EQ(pay(u, h.hold.id, "k").error().code, "seats_sold");
  const auto p = payment(u, "k");
  EXPECT_EQ(p.state, PaymentState::kRefunded);
  EXPECT_EQ(gateway_.refunded(p.processor_id), p.amount);
  core::RefundQuery done;
  done.state = RefundState::kSucceeded;
  EXPECT_EQ(run_task(payments_->refunds(done))->size(), 1u);
}

// The database did not answer the commit: nobody knows whether the order is there, so nothing is
// refunded now; the reconciler refunds it later only because no order committed.
TEST_F(CheckoutTest, AnOrderWhoseCommitWentUnansweredIsSettledByTheReconciler) {
  struct Silent : testing::BookingStoreWrapper {
    using BookingStoreWrapper::BookingStoreWrapper;
    Task<core::Status> commit_order(core::OrderRecord, std::string, std::vector<core::OutboxMessage>) override {
      co_return core::unavailable("database_unavailable", "gone");
    }
  } silent(*stores_.booking);
  build(silent);
  const auto u = buyer("unknown");
  auto h = hold(u, {"B-A-4"});
  EXPECT_EQ(pay(u, h.hold.id, "k").error().code, "payment_pending");
  EXPECT_EQ(gateway_.refund_calls(), 0);
  clock_.advance_ms(10'001);
  ASSERT_TRUE(run_task(payments_->reconcile()).ok());
  const auto p = payment(u, "k");
  EXPECT_EQ(p.state, PaymentState::kRefunded);
  EXPECT_EQ(gateway_.refunded(p.processor_id), p.amount);
}

TEST_F(CheckoutTest, AFailedRefundIsRecordedRetriedWithBackOffThenLeftToAnAdmin) {
  SeatSoldOnCommit refusing(*stores_.booking);
  build(refusing);
  gateway_.refunds_fail = true;
  const auto u = buyer("stuck");
  auto h = hold(u, {"B-A-5"});
  EXPECT_EQ(pay(u, h.hold.id, "k").error().code, "seats_sold");
  auto failed = run_task(payments_->refunds({RefundState::kFailed, 10}));
  ASSERT_EQ(failed->size(), 1u);
  const auto id = (*failed)[0].id;
  EXPECT_EQ((*failed)[0].attempts, 1);
  EXPECT_EQ((*failed)[0].next_attempt_at_ms, clock_.now_ms() + 1'000);
  clock_.advance_ms(1'000);
  ASSERT_TRUE(run_task(payments_->reconcile()).ok());
  clock_.advance_ms(2'000);
  ASSERT_TRUE(run_task(payments_->reconcile()).ok());
  auto refund = run_task(stores_.booking->find_refund(id))->value();
  EXPECT_EQ(refund.attempts, 3);
  EXPECT_EQ(refund.next_attempt_at_ms, 0) << "after the last automatic attempt, an admin's";
  gateway_.refunds_fail = false;
  clock_.advance_ms(100'000);
  ASSERT_TRUE(run_task(payments_->reconcile()).ok());
  EXPECT_EQ(run_task(stores_.booking->find_refund(id))->value().state, RefundState::kFailed);
  auto retried = run_task(payments_->retry_refund(id));
  ASSERT_TRUE(retried.ok());
  EXPECT_EQ(retried->state, RefundState::kSucceeded);
  EXPECT_EQ(payment(u, "k").state, PaymentState::kRefunded);
  EXPECT_EQ(run_task(payments_->retry_refund("nope")).error().code, "refund_not_found");
}

TEST_F(CheckoutTest, CancellingATicketRefundsItsShareAndPutsTheSeatBackOnSale) {
  const auto u = buyer("cancel");
  auto h = hold(u, {"A-A-6", "B-B-9"});
  auto order = pay(u, h.hold.id, "k");
  ASSERT_TRUE(order.ok());
  const auto& t = order->order.tickets[0];
  auto cancelled = run_task(payments_->cancel_ticket(t.id));
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
  EXPECT_EQ(cancelled->ticket.status, core::TicketStatus::kCancelled);
  EXPECT_EQ(cancelled->refund.state, RefundState::kSucceeded);
  EXPECT_EQ(cancelled->refund.amount, t.total);
  EXPECT_EQ(state(t.seat_index), inventory::SeatState::kAvailable);
  EXPECT_EQ(run_task(payments_->cancel_ticket(t.id)).error().code, "not_cancellable");
  EXPECT_EQ(run_task(payments_->cancel_ticket("nope")).error().code, "ticket_not_found");
  EXPECT_EQ(messages("ticket_cancelled"), 1);
  EXPECT_TRUE(run_task(booking_->hold(u, "club", {"A-A-6"})).ok()) << "and it counts no more against the limit";
}

TEST_F(CheckoutTest, TheOrderIsTheOwnersAlone) {
  const auto u = buyer("owner");
  auto order = pay(u, hold(u, {"A-B-9"}).hold.id, "k");
  ASSERT_TRUE(order.ok());
  EXPECT_TRUE(run_task(checkout_->get_order(u, order->order.id)).ok());
  EXPECT_EQ(run_task(checkout_->get_order(buyer("nosy"), order->order.id)).error().code, "order_not_found");
}

}  // namespace tw::services
