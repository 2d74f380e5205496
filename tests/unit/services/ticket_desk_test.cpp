// The ticket desk and the gate on fakes: holders see and give away their own tickets only; a
// code is admitted once, and a transferred ticket's old code never again.
#include "services/check_in.h"
#include "services/ticket_desk.h"

#include "auth/password.h"
#include "unit/services/sale_fixture.h"

namespace tw::services {

class TicketDeskTest : public SaleFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(auth::init_crypto());
    SaleFixture::SetUp();
    ASSERT_TRUE(run_task(keys_.load()).ok());
    desk_ = std::make_unique<TicketDesk>(*stores_.tickets, *stores_.accounts, catalog_, *seats_, keys_, pool_, clock_);
  }
  core::TicketRecord buy(std::int64_t user, const std::string& seat, const std::string& key) {
    auto order = pay(user, hold(user, {seat}).hold.id, key);
    EXPECT_TRUE(order.ok());
    return order->order.tickets.at(0);
  }
  TicketKeys keys_{*stores_.tickets, clock_};
  WorkerPool pool_{1};
  // Made in SetUp, after the fixture's Booking it depends on.
  std::unique_ptr<TicketDesk> desk_;
  CheckIn gate_{*stores_.tickets, *stores_.accounts, keys_, clock_};
};

TEST_F(TicketDeskTest, ATicketIsItsHoldersAndAnAdminsOnly) {
  const auto owner = buyer("owner"), other = buyer("other");
  const auto t = buy(owner, "A-A-1", "k");
  EXPECT_TRUE(run_task(desk_->ticket(t.id, {owner, false})).ok());
  EXPECT_EQ(run_task(desk_->ticket(t.id, {other, false})).error().code, "ticket_not_found");
  EXPECT_TRUE(run_task(desk_->ticket(t.id, {other, true})).ok()) << "admins see any ticket";
  EXPECT_EQ(run_task(desk_->image_png(t.id, {other, false})).error().code, "ticket_not_found");
  EXPECT_FALSE(desk_->code_for(t).empty());
  EXPECT_EQ(run_task(desk_->tickets_of(owner))->size(), 1u);
  EXPECT_TRUE(run_task(desk_->tickets_of(other))->empty());
}

TEST_F(TicketDeskTest, TheGateAdmitsACodeOnceAndSaysWhyOtherwise) {
  const auto u = buyer("fan");
  const auto t = buy(u, "A-A-2", "k");
  const auto code = desk_->code_for(t);
  auto first = run_task(gate_.scan(code, "North", 0));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->verdict, Verdict::kValid);
  EXPECT_EQ(first->holder, "fan");
  EXPECT_EQ(run_task(gate_.scan(code, "South", 0))->verdict, Verdict::kAlreadyUsed);
  EXPECT_EQ(run_task(gate_.scan(code, "North", t.event_id + 1))->verdict, Verdict::kWrongEvent);
  auto forged = code;
  forged[forged.size() / 2] = forged[forged.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(run_task(gate_.scan(forged, "North", 0))->verdict, Verdict::kInvalid);
  EXPECT_EQ(run_task(gate_.scan("TW1.nonsense", "North", 0))->reason, "malformed");
  EXPECT_EQ(messages("ticket_checked_in"), 1);
}

TEST_F(TicketDeskTest, ATransferVoidsTheOldCodeAndTheNewHolderGetsAWorkingOne) {
  const auto from = buyer("giver"), to = buyer("taker");
  const auto t = buy(from, "A-A-3", "k");
  const auto old_code = desk_->code_for(t);
  EXPECT_EQ(run_task(desk_->give(t.id, from, from)).error().code, "transfer_to_self");
  clock_.advance_ms(1000);
  auto moved = run_task(desk_->give(t.id, from, to));
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(run_task(gate_.scan(old_code, "Gate", 0))->reason, "transferred");
  EXPECT_EQ(run_task(gate_.scan(desk_->code_for(*moved), "Gate", 0))->verdict, Verdict::kValid);
  EXPECT_EQ(run_task(desk_->give(t.id, from, to)).error().code, "ticket_not_found");
  EXPECT_EQ(run_task(desk_->tickets_of(from))->at(0).status, core::TicketStatus::kTransferred);
  EXPECT_EQ(run_task(desk_->tickets_of(to))->size(), 1u);
}

// Issue 30, item 8: eight tickets transferred into an account that held eight made sixteen.
TEST_F(TicketDeskTest, ATransferCannotTakeTheReceiverPastTheTicketLimit) {
  const auto from = buyer("generous"), to = buyer("full");
  for (int i = 1; i <= 6; ++i) buy(to, "B-A-" + std::to_string(i), "full-" + std::to_string(i));  // the limit is 6
  const auto t = buy(from, "B-B-1", "g");
  auto refused = run_task(desk_->give(t.id, from, to));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "ticket_limit");
  EXPECT_EQ(run_task(desk_->tickets_of(from))->at(0).status, core::TicketStatus::kConfirmed) << "still the giver's";
  EXPECT_EQ(run_task(desk_->tickets_of(to))->size(), 6u);
  // A ticket given away no longer counts as the giver's: they may buy up to the limit again.
  const auto friend_ = buyer("friend");
  ASSERT_TRUE(run_task(desk_->give(t.id, from, friend_)).ok());
  auto six = hold(from, {"A-B-1", "A-B-2", "A-B-3", "A-B-4", "A-B-5", "A-B-6"});
  EXPECT_EQ(six.hold.seat_ids.size(), 6u);
  auto seventh = run_task(booking_->hold(friend_, "club", {"A-B-7", "A-B-8", "A-B-9", "A-B-10", "A-A-9", "A-A-10"}));
  ASSERT_FALSE(seventh.ok()) << "the gift counts as the friend's: 1 + 6 > 6";
  EXPECT_EQ(seventh.error().code, "ticket_limit");
}

TEST_F(TicketDeskTest, ACancelledTicketIsRefusedAtTheGate) {
  const auto u = buyer("cancelled");
  const auto t = buy(u, "A-A-4", "k");
  const auto code = desk_->code_for(t);
  ASSERT_TRUE(run_task(payments_->cancel_ticket(t.id)).ok());
  EXPECT_EQ(run_task(gate_.scan(code, "Gate", 0))->verdict, Verdict::kCancelled);
}

TEST_F(TicketDeskTest, DrawnTicketsAreKeptWithinTheirByteBudget) {
  const auto u = buyer("keeper");
  const auto first = buy(u, "A-A-5", "k1");
  const auto one = run_task(desk_->image_png(first.id, {u, false}));
  ASSERT_TRUE(one.ok());
  const std::size_t image = (*one)->size();
  // Room for two drawings (each about the same size): the third starts the cache over.
  TicketDesk small{*stores_.tickets, *stores_.accounts, catalog_, *seats_, keys_, pool_, clock_, image * 5 / 2};
  std::size_t most = 0;
  for (const auto* seat : {"A-A-6", "A-A-7", "A-A-8", "A-A-9"}) {
    const auto t = buy(u, seat, std::string("k-") + seat);
    ASSERT_TRUE(run_task(small.image_png(t.id, {u, false})).ok());
    most = std::max(most, small.cached_image_bytes());
    EXPECT_LE(small.cached_image_bytes(), image * 5 / 2);
  }
  EXPECT_GT(most, image) << "two drawings fit and were both kept";
  const auto again = run_task(small.image_png(first.id, {u, false}));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(**again, **one) << "a drawing is the same whether kept or drawn again";
}

TEST_F(TicketDeskTest, AReceiptsDrawingIsTheHoldersOwnAndNoneOnceGivenAway) {
  const auto buyer_id = buyer("rbuyer"), friend_id = buyer("rfriend");
  const auto t = buy(buyer_id, "A-B-1", "r1");
  const auto seen = run_task(desk_->image_png(t.id, {buyer_id, false}));
  ASSERT_TRUE(seen.ok());
  const auto mailed = run_task(desk_->holder_image_png(t, buyer_id, "rbuyer"));
  ASSERT_TRUE(mailed.ok());
  EXPECT_EQ(**mailed, **seen) << "the receipt's drawing is the one the holder sees";

  const auto given = buy(buyer_id, "A-B-2", "r2");
  ASSERT_TRUE(run_task(desk_->give(given.id, buyer_id, friend_id)).ok());
  auto now = run_task(desk_->ticket(given.id, {friend_id, false}));
  ASSERT_TRUE(now.ok());
  const auto late = run_task(desk_->holder_image_png(*now, buyer_id, "rbuyer"));
  ASSERT_FALSE(late.ok()) << "a receipt sent after a transfer must not carry the new holder's code";
  EXPECT_EQ(late.error().code, "ticket_not_found");
}

}  // namespace tw::services
