// Cancelling a show as a job on fakes: cut off after any step and started again (a crash, or
// another server taking over), it cancels and refunds every ticket exactly once and tells every
// buyer and holder exactly once.
#include "services/show_cancellations.h"

#include "unit/services/sale_fixture.h"

namespace tw::services {
namespace {

class ShowCancellationsTest : public SaleFixture {
 protected:
  // A job as a freshly started server has it: nothing of it in memory.
  std::unique_ptr<ShowCancellations> restarted() {
    return std::make_unique<ShowCancellations>(catalog_, *stores_.events, *stores_.tickets, *payments_, clock_,
                                               ShowCancellationsOptions{.batch = 2, .sweep_seconds = 300});
  }
  std::vector<core::RefundRecord> refunds() { return run_task(payments_->refunds({})).value(); }
  CancellationStatus status() { return run_task(restarted()->status(event_id_)).value(); }
};

TEST_F(ShowCancellationsTest, CutOffAfterEveryStepItStillRefundsEachTicketOnceAndTellsEachPersonOnce) {
  const auto ann = buyer("ann"), bob = buyer("bob"), cat = buyer("cat");
  auto ann_order = pay(ann, hold(ann, {"A-A-1", "A-A-2", "A-A-3"}).hold.id, "ann");
  auto bob_order = pay(bob, hold(bob, {"B-A-1"}).hold.id, "bob");
  ASSERT_TRUE(ann_order.ok() && bob_order.ok());
  const auto& given = ann_order->order.tickets[2];
  ASSERT_TRUE(run_task(stores_.tickets->transfer_ticket({given.id, ann, cat, clock_.now_ms()}, {})).ok());
  const auto open_hold = hold(bob, {"B-B-5"}).hold.id;
  const auto paid = ann_order->order.total + bob_order->order.total;

  auto started = run_task(restarted()->cancel(event_id_, "The singer is ill", 1));
  ASSERT_TRUE(started.ok()) << started.error().message;
  EXPECT_EQ(started->state, CancellationState::kCancelling);
  EXPECT_EQ(started->progress.tickets_left, 4);
  EXPECT_EQ(started->reason, "The singer is ill");
  EXPECT_EQ(messages("show_cancelled"), 1);
  EXPECT_EQ(pay(bob, open_hold, "late").error().code, "show_cancelled") << "nothing is sold any more";
  EXPECT_FALSE(run_task(booking_->hold(cat, "club", {"A-B-1"})).ok()) << "nor held";
  EXPECT_EQ(gateway_.charges(), 2);

  for (int step = 0; step < 10; ++step) ASSERT_TRUE(run_task(restarted()->work()).ok());
  const auto s = status();
  EXPECT_EQ(s.state, CancellationState::kDone);
  EXPECT_EQ(s.progress.tickets_left, 0);
  EXPECT_EQ(s.progress.tickets_cancelled, 4);
  EXPECT_EQ(s.progress.refunds_succeeded, 4);
  EXPECT_EQ(s.progress.refunded, paid) << "every buyer gets back exactly what they paid";
  EXPECT_EQ(s.progress.people_told, 3) << "ann and bob paid, cat holds one of ann's";
  EXPECT_EQ(refunds().size(), 4u);
  EXPECT_EQ(gateway_.refund_calls(), 4) << "nothing refunded twice";
  EXPECT_EQ(messages("cancellation_notice"), 3);
  EXPECT_EQ(messages("ticket_cancelled"), 4);
  EXPECT_EQ(run_task(restarted()->cancel(event_id_, "again", 1))->reason, "The singer is ill") << "asked twice: once";
  EXPECT_EQ(messages("show_cancelled"), 1);
}

TEST_F(ShowCancellationsTest, RefundsThatFailAreRetriedAndTheJobEndsAfterItsSweep) {
  const auto ann = buyer("ann");
  ASSERT_TRUE(pay(ann, hold(ann, {"A-A-5"}).hold.id, "ann").ok());
  gateway_.refunds_fail = true;
  ASSERT_TRUE(run_task(restarted()->cancel(event_id_, "Venue flooded", 1)).ok());
  ASSERT_TRUE(run_task(restarted()->work()).ok());
  ASSERT_TRUE(run_task(restarted()->work()).ok());
  EXPECT_EQ(status().state, CancellationState::kRefunding);
  EXPECT_EQ(status().progress.refunds_pending + status().progress.refunds_failed, 1);
  gateway_.refunds_fail = false;
  clock_.advance_ms(60'000);
  ASSERT_TRUE(run_task(payments_->reconcile()).ok());
  EXPECT_EQ(status().state, CancellationState::kDone);
  EXPECT_EQ(run_task(stores_.events->cancellations_in_progress())->size(), 1u) << "still sweeping for late sales";
  clock_.advance_ms(300'000);
  ASSERT_TRUE(run_task(restarted()->work()).ok());
  EXPECT_TRUE(run_task(stores_.events->cancellations_in_progress())->empty());
}

TEST_F(ShowCancellationsTest, OnlyAnExistingShowIsCancelledAndACancelledShowCannotBeEdited) {
  EXPECT_EQ(run_task(restarted()->cancel(9999, "x", 1)).error().code, "event_not_found");
  EXPECT_EQ(run_task(restarted()->status(event_id_)).error().code, "not_cancelled");
  EXPECT_EQ(run_task(restarted()->cancel(event_id_, std::string(501, 'x'), 1)).error().code, "bad_reason");
  EXPECT_EQ(run_task(restarted()->cancel(event_id_, " \n\t ", 1)).error().code, "bad_reason");
  ASSERT_TRUE(run_task(restarted()->cancel(event_id_, "Called off", 1)).ok());
  auto draft = testing::event_draft("club", "Club", 6);
  EXPECT_EQ(run_task(catalog_.update_event(event_id_, draft, std::nullopt)).error().code, "show_cancelled");
}

}  // namespace
}  // namespace tw::services
