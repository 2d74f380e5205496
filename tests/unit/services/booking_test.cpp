// Booking (holds) on fakes: every path of hold, renew, release, expiry and restore.
#include "services/booking.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "async/one_shot.h"

#include "unit/services/sale_fixture.h"

namespace tw::services {

using inventory::SeatState;

class BookingTest : public SaleFixture {};

TEST_F(BookingTest, AHoldTakesAllItsSeatsAndAnnouncesThem) {
  const auto u = buyer("ann");
  auto h = hold(u, {"A-A-2", "A-A-1", "A-A-1"});
  EXPECT_EQ(h.hold.seat_ids, (std::vector<std::string>{"A-A-1", "A-A-2"})) << "sorted, duplicates dropped";
  EXPECT_EQ(h.price.subtotal, 110'00) << "the front row of two costs 10 % more than the back";
  EXPECT_EQ(h.price.fee, 11'00);
  EXPECT_EQ(h.hold.expires_at_ms, clock_.now_ms() + 60'000);
  EXPECT_EQ(state(0), SeatState::kHeld);
  EXPECT_EQ(messages("seat_locked"), 2);
  auto other = run_task(booking_->hold(buyer("bob"), "club", {"A-A-3", "A-A-2"}));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, "seats_unavailable");
  EXPECT_NE(other.error().message.find("A-A-2"), std::string::npos);
  EXPECT_EQ(state(2), SeatState::kAvailable) << "all or nothing";
}

TEST_F(BookingTest, HoldsThatBreakARuleAreRefusedWithTheRule) {
  const auto u = buyer("rules");
  EXPECT_EQ(run_task(booking_->hold(u, "club", {})).error().code, "no_seats");
  EXPECT_EQ(run_task(booking_->hold(u, "club", {"A-A-1", "A-A-2", "A-A-3", "A-A-4", "A-A-5", "A-A-6", "A-A-7",
                                                 "A-A-8", "A-A-9"}))
                .error()
                .code,
            "too_many_seats");
  EXPECT_EQ(run_task(booking_->hold(u, "club", {"Z-Z-1"})).error().code, "unknown_seat");
  EXPECT_EQ(run_task(booking_->hold(u, "nowhere", {"A-A-1"})).error().code, "event_not_found");
  core::EventDraft later;
  later.slug = "later";
  later.name = later.artist = later.venue = "Later";
  later.color = "#000000";
  later.starts_at = core::parse_iso8601("2031-01-01T20:00:00Z").value();
  later.on_sale_at = core::ZonedTime{clock_.now_seconds() + 3600, 0};
  ASSERT_TRUE(run_task(stores_.events->create_event(later, {"L", {}, {{"A", "A", "t", 1, 5, 10'00, {}}}})).ok());
  EXPECT_EQ(run_task(booking_->hold(u, "later", {"A-A-1"})).error().code, "not_on_sale_yet");
}

TEST_F(BookingTest, TheAccountLimitCountsHeldAndBoughtSeats) {
  const auto u = buyer("limit");
  auto first = hold(u, {"A-A-1", "A-A-2", "A-A-3", "A-A-4"});
  ASSERT_TRUE(pay(u, first.hold.id, "k1").ok());
  auto over = run_task(booking_->hold(u, "club", {"B-A-1", "B-A-2", "B-A-3"}));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "ticket_limit");
  EXPECT_NE(over.error().message.find("you have 4"), std::string::npos) << over.error().message;
  EXPECT_TRUE(run_task(booking_->hold(u, "club", {"B-A-1", "B-A-2"})).ok()) << "4 bought + 2 = 6";
}

// Issue 30, item 8: accounts of one mailbox are one person for the limit (limit 6 here), also
// in an inventory rebuilt from the database after a restart.
TEST_F(BookingTest, AccountsOfOneMailboxShareTheLimitAlsoAfterARestart) {
  const auto a = buyer("twin"), b = buyer("twin+b"), stranger = buyer("twin2");
  auto bought = hold(a, {"A-A-1", "A-A-2", "A-A-3", "A-A-4"});
  ASSERT_TRUE(pay(a, bought.hold.id, "k1").ok());
  EXPECT_EQ(run_task(booking_->hold(b, "club", {"B-A-1", "B-A-2", "B-A-3"})).error().code, "ticket_limit");
  hold(b, {"B-A-1", "B-A-2"});
  hold(stranger, {"B-B-1", "B-B-2", "B-B-3"});
  inventory::MemoryInventory fresh;
  SeatKeeper seats_again(*stores_.booking, fresh, catalog_, clock_);
  Booking again(*stores_.booking, seats_again, catalog_, clock_);
  ASSERT_TRUE(run_task(again.restore()).ok());
  auto over = run_task(again.hold(a, "club", {"B-A-5"}));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "ticket_limit");
  EXPECT_NE(over.error().message.find("you have 6"), std::string::npos) << over.error().message;
  EXPECT_TRUE(run_task(again.hold(stranger, "club", {"B-B-4", "B-B-5", "B-B-6"})).ok());
}

TEST_F(BookingTest, RenewExtendsUntilItsLimitsAndNeverAfterTheHoldEnded) {
  const auto u = buyer("renew");
  auto h = hold(u, {"A-B-1"});
  clock_.advance_ms(30'000);
  auto r1 = run_task(booking_->renew(u, h.hold.id));
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ(r1->hold.expires_at_ms, clock_.now_ms() + 60'000);
  EXPECT_EQ(r1->renewals_left, 1);
  EXPECT_EQ(run_task(booking_->renew(u, h.hold.id)).error().code, "renewal_limit") << "at its longest already";
  clock_.advance_ms(10'000);
  ASSERT_TRUE(run_task(booking_->renew(u, h.hold.id)).ok());
  EXPECT_EQ(run_task(booking_->renew(u, h.hold.id)).error().code, "renewal_limit");
  EXPECT_EQ(run_task(booking_->renew(buyer("thief"), h.hold.id)).error().code, "hold_not_found");
  auto g = hold(u, {"A-B-2"});
  ASSERT_TRUE(run_task(booking_->release(u, g.hold.id)).ok());
  EXPECT_EQ(run_task(booking_->renew(u, g.hold.id)).error().code, "hold_not_active");
}

TEST_F(BookingTest, ReleaseFreesTheSeatsOnceAndAnnouncesIt) {
  const auto u = buyer("release");
  auto h = hold(u, {"B-B-1", "B-B-2"});
  ASSERT_TRUE(run_task(booking_->release(u, h.hold.id)).ok());
  EXPECT_EQ(state(30), SeatState::kAvailable);
  EXPECT_EQ(messages("seat_released"), 2);
  EXPECT_EQ(run_task(booking_->release(u, h.hold.id)).error().code, "hold_not_active");
  EXPECT_EQ(run_task(booking_->get_hold(u, h.hold.id))->hold.status, core::HoldStatus::kReleased);
}

TEST_F(BookingTest, ExpiryFreesSeatsAndAnnouncesEachHoldOnce) {
  const auto u = buyer("expire");
  auto h = hold(u, {"A-A-5"});
  clock_.advance_ms(59'999);
  EXPECT_EQ(*run_task(booking_->expire_due()), 0);
  clock_.advance_ms(1);
  EXPECT_EQ(*run_task(booking_->expire_due()), 1);
  EXPECT_EQ(state(4), SeatState::kAvailable);
  EXPECT_EQ(*run_task(booking_->expire_due()), 0);
  EXPECT_EQ(messages("seat_released"), 1);
  EXPECT_EQ(run_task(booking_->get_hold(u, h.hold.id))->hold.status, core::HoldStatus::kExpired);
}

// The database refused the hold's record: the inventory gives the seats back.
TEST_F(BookingTest, AHoldTheStoreRefusesLeavesNoSeatsHeld) {
  struct Refusing : testing::BookingStoreWrapper {
    using BookingStoreWrapper::BookingStoreWrapper;
    Task<core::Status> insert_hold(core::HoldRecord, std::vector<core::OutboxMessage>) override {
      co_return core::unavailable("database_unavailable", "down");
    }
  } refusing(*stores_.booking);
  build(refusing);
  auto h = run_task(booking_->hold(buyer("unlucky"), "club", {"A-A-9"}));
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().code, "database_unavailable");
  EXPECT_EQ(state(8), SeatState::kAvailable);
}

// Issue 14: a hold answered once the inventory decided, its record committed after. Until the
// record is in, nothing reads the hold by id (a checkout, a renewal, a look-up waits for it);
// when the store refuses the record, the seats go back on sale and the hold is not found.
class AnsweredBeforeCommit : public SaleFixture {
 protected:
  struct Gated : testing::BookingStoreWrapper {
    using BookingStoreWrapper::BookingStoreWrapper;
    OneShot gate;
    bool refuse = false;
    Task<core::Status> insert_hold(core::HoldRecord h, std::vector<core::OutboxMessage> m) override {
      co_await gate.wait();
      if (refuse) co_return core::unavailable("database_unavailable", "down");
      co_return co_await BookingStoreWrapper::insert_hold(std::move(h), std::move(m));
    }
  };

  void SetUp() override {
    answer_holds_before_commit_ = true;
    SaleFixture::SetUp();
    build(gated_);
  }

  // Starts `task` on the test's one event loop and runs it until it is done or waits; its result
  // lands in the answer once it is done.
  template <class T>
  std::shared_ptr<std::optional<T>> start(Task<T> task) {
    auto out = std::make_shared<std::optional<T>>();
    boost::asio::co_spawn(loop_, [](Task<T> t, std::shared_ptr<std::optional<T>> o) -> Task<void> {
      o->emplace(co_await std::move(t));
    }(std::move(task), out), boost::asio::detached);
    loop_.restart();
    loop_.poll();
    return out;
  }
  // Runs `task` until it is done or nothing more can run.
  template <class T>
  std::optional<T> drive(Task<T> task) {
    return *start(std::move(task));
  }
  // Lets the held-back records in and runs everything waiting on them.
  void open_gate() {
    gated_.gate.set();
    loop_.restart();
    loop_.run();
  }

  boost::asio::io_context loop_;
  Gated gated_{*stores_.booking};
};

TEST_F(AnsweredBeforeCommit, ReadersWaitForTheRecordAndThenSeeIt) {
  const auto u = buyer("early");
  auto held = drive(booking_->hold(u, "club", {"A-A-3", "A-A-4"}));
  ASSERT_TRUE(held && held->ok()) << "answered while the record waits";
  const auto id = (*held)->hold.id;
  EXPECT_EQ(state(2), SeatState::kHeld);
  EXPECT_FALSE(run_task(stores_.booking->find_hold(id))->has_value()) << "not committed yet";

  auto out = start(booking_->get_hold(u, id));
  EXPECT_FALSE(out->has_value()) << "a read of the hold waits for its record";

  open_gate();
  ASSERT_TRUE(out->has_value());
  ASSERT_TRUE(out->value().ok());
  EXPECT_EQ(out->value()->hold.status, core::HoldStatus::kActive);
  EXPECT_TRUE(run_task(stores_.booking->find_hold(id))->has_value());
  EXPECT_EQ(messages("seat_locked"), 2);
}

// The admin's stats count held seats from the database: they wait for the holds answered so far.
TEST_F(AnsweredBeforeCommit, WaitingForTheRecordsEndsOnceEveryAnsweredHoldIsIn) {
  const auto u = buyer("counted");
  auto held = drive(booking_->hold(u, "club", {"A-A-6"}));
  ASSERT_TRUE(held && held->ok());
  auto done = std::make_shared<bool>(false);
  boost::asio::co_spawn(loop_, [](Booking& b, std::shared_ptr<bool> d) -> Task<void> {
    co_await b.holds_recorded();
    *d = true;
  }(*booking_, done), boost::asio::detached);
  loop_.restart();
  loop_.poll();
  EXPECT_FALSE(*done) << "the hold's record is not in yet";
  open_gate();
  EXPECT_TRUE(*done);
  EXPECT_TRUE(run_task(stores_.booking->find_hold((*held)->hold.id))->has_value());
}

// The store refuses to replace a layout once a seat is held, counting holds from its records: a
// hold answered but not recorded yet must count too, or the fan would hold a seat of a layout
// that is gone.
TEST_F(AnsweredBeforeCommit, ALayoutChangeWaitsForTheAnsweredHoldsAndIsRefusedByThem) {
  const auto u = buyer("first-in");
  auto held = drive(booking_->hold(u, "club", {"A-A-7"}));
  ASSERT_TRUE(held && held->ok());
  core::Layout bigger{"Club", {}, {{"A", "Floor", "ga", 4, 10, 50'00, {0, 0, 0}}}};
  auto changed = start(seats_->update_event(event_id_, testing::event_draft("club", "Club", 6), 0, bigger));
  EXPECT_FALSE(changed->has_value()) << "waits for the hold's record";
  open_gate();
  ASSERT_TRUE(changed->has_value());
  ASSERT_FALSE(changed->value().ok());
  EXPECT_EQ(changed->value().error().code, "layout_locked");
  EXPECT_EQ(state(6), SeatState::kHeld) << "the hold keeps its seat";
}

TEST_F(AnsweredBeforeCommit, ARefusedRecordFreesTheSeatsAndTheHoldIsNotFound) {
  const auto u = buyer("unlucky");
  auto held = drive(booking_->hold(u, "club", {"A-A-5"}));
  ASSERT_TRUE(held && held->ok());
  EXPECT_EQ(state(4), SeatState::kHeld);
  gated_.refuse = true;
  open_gate();
  EXPECT_EQ(state(4), SeatState::kAvailable);
  auto found = run_task(booking_->get_hold(u, (*held)->hold.id));
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().code, "hold_not_found");
  EXPECT_EQ(messages("seat_locked"), 0);
}

// The store failing at each other step of a hold's life: the caller hears it, and the seats are
// where the database says they are.
TEST_F(BookingTest, StoreFailuresReachTheCallerAndLeaveSeatsAsRecorded) {
  struct Failing : testing::BookingStoreWrapper {
    using BookingStoreWrapper::BookingStoreWrapper;
    bool sold_fails = false, extend_fails = false, end_fails = false;
    Task<core::Result<std::vector<core::SoldSeat>>> sold_seats(std::int64_t id) override {
      if (sold_fails) co_return core::unavailable("database_unavailable", "down");
      co_return co_await target_.sold_seats(id);
    }
    Task<core::Status> extend_hold(std::string id, int renewals, std::int64_t at) override {
      if (extend_fails) co_return core::unavailable("database_unavailable", "down");
      co_return co_await target_.extend_hold(std::move(id), renewals, at);
    }
    Task<core::Status> end_hold(std::string id, core::HoldStatus to, std::vector<core::OutboxMessage> m) override {
      if (end_fails) co_return core::unavailable("database_unavailable", "down");
      co_return co_await target_.end_hold(std::move(id), to, std::move(m));
    }
  } failing(*stores_.booking);
  build(failing);
  failing.sold_fails = true;
  const auto u = buyer("unlucky");
  EXPECT_EQ(run_task(booking_->hold(u, "club", {"A-A-1"})).error().code, "database_unavailable")
      << "an event whose sales cannot be read is not opened";
  failing.sold_fails = false;
  auto h = hold(u, {"A-A-1"});
  clock_.advance_ms(10'000);
  failing.extend_fails = true;
  EXPECT_EQ(run_task(booking_->renew(u, h.hold.id)).error().code, "database_unavailable");
  clock_.advance_ms(50'000);
  failing.end_fails = true;
  EXPECT_EQ(run_task(booking_->release(u, h.hold.id)).error().code, "hold_not_active") << "expired meanwhile";
  EXPECT_FALSE(run_task(booking_->expire_due()).ok()) << "the expiry could not be recorded";
  EXPECT_EQ(messages("seat_released"), 0);
  failing.end_fails = false;
  EXPECT_EQ(run_task(booking_->get_hold(u, h.hold.id))->hold.status, core::HoldStatus::kExpired)
      << "read as expired by its time";
  EXPECT_EQ(*run_task(booking_->expire_due()), 0) << "the inventory keeps the taken hold aside a while";
  clock_.advance_ms(inventory::MemoryInventory::kExpiryLeaseMs);
  EXPECT_EQ(*run_task(booking_->expire_due()), 1) << "then hands it out again, and it is recorded";
  EXPECT_EQ(messages("seat_released"), 1);
  clock_.advance_ms(60'000);
  EXPECT_EQ(*run_task(booking_->expire_due()), 0) << "once";
  EXPECT_EQ(messages("seat_released"), 1);
}

TEST_F(BookingTest, ARestartReinstallsLiveHoldsAndExpiresTheOthers) {
  const auto u = buyer("restart");
  auto live = hold(u, {"A-A-1"});
  auto dying = hold(u, {"A-A-2"});
  auto sold = hold(u, {"A-A-3"});
  ASSERT_TRUE(pay(u, sold.hold.id, "k").ok());
  clock_.advance_ms(30'000);
  ASSERT_TRUE(run_task(booking_->renew(u, live.hold.id)).ok());
  clock_.advance_ms(31'000);  // `dying` is past its time; `live` was renewed
  // A new process: a fresh inventory over the same stores.
  inventory::MemoryInventory fresh;
  SeatKeeper seats_again(*stores_.booking, fresh, catalog_, clock_);
  Booking again(*stores_.booking, seats_again, catalog_, clock_);
  ASSERT_TRUE(run_task(again.restore()).ok());
  auto a = fresh.availability_now(event_id_);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a->seats)[0], SeatState::kHeld);
  EXPECT_EQ((*a->seats)[1], SeatState::kAvailable);
  EXPECT_EQ((*a->seats)[2], SeatState::kSold);
  EXPECT_EQ(run_task(again.get_hold(u, dying.hold.id))->hold.status, core::HoldStatus::kExpired);
}

// A crash between a lapsed hold's seats being taken again and its expiry being recorded leaves
// two active holds on one seat in the database. A restart must keep the hold the seats went to
// and end the lapsed one; before, the inventory kept whichever came first and the other stayed
// "active" in the database for good (found by CrashLoop.TheBooksBalanceAfterTwentyKills).
TEST_F(BookingTest, ARestartAfterALapsedHoldWasRetakenKeepsTheNewHoldAndEndsTheOld) {
  const auto ann = buyer("lapsed");
  const auto bob = buyer("retaken");
  const auto t0 = clock_.now_ms();
  core::HoldRecord lapsed{"hold-lapsed", event_id_, ann, {"A-A-1"}, core::HoldStatus::kActive, 0, t0, t0 + 1'000};
  core::HoldRecord retaken{"hold-retaken", event_id_, bob, {"A-A-1"}, core::HoldStatus::kActive, 0, t0 + 2'000,
                            t0 + 62'000};
  ASSERT_TRUE(run_task(stores_.booking->insert_hold(retaken, {})).ok());
  ASSERT_TRUE(run_task(stores_.booking->insert_hold(lapsed, {})).ok());
  clock_.advance_ms(3'000);
  inventory::MemoryInventory fresh;
  SeatKeeper seats_again(*stores_.booking, fresh, catalog_, clock_);
  Booking again(*stores_.booking, seats_again, catalog_, clock_);
  ASSERT_TRUE(run_task(again.restore()).ok());
  EXPECT_EQ((*fresh.availability_now(event_id_)->seats)[0], SeatState::kHeld);
  EXPECT_EQ(run_task(again.get_hold(bob, retaken.id))->hold.status, core::HoldStatus::kActive);
  EXPECT_EQ(run_task(again.get_hold(ann, lapsed.id))->hold.status, core::HoldStatus::kExpired);
  auto found = run_task(stores_.booking->find_hold(lapsed.id));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->status, core::HoldStatus::kExpired) << "ended in the database, not only read as expired";
  clock_.advance_ms(60'000);
  ASSERT_TRUE(run_task(again.expire_due()).ok());
  found = run_task(stores_.booking->find_hold(retaken.id));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->status, core::HoldStatus::kExpired) << "the kept hold expires in its turn";
}

}  // namespace tw::services
