// The Inventory contract, run on both adapters: MemoryInventory and RedisInventory on a real
// redis-server (one per test binary, a key prefix per test). Then what only a shared inventory
// meets: Redis restarting empty, several instances rebuilding at once, Redis going away.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <future>
#include <memory>

#include "app/run_task.h"
#include "async/sleep.h"
#include "inventory/memory_inventory.h"
#include "inventory/redis_inventory.h"
#include "support/redis_instance.h"

namespace tw::inventory {
namespace {
using app::run_task;
using testing::RedisInstance;

constexpr std::int64_t kEvent = 7;
constexpr std::int64_t kAda = 1, kBob = 2;
constexpr std::int64_t kLater = 2'000'000'000'000;  // an expiry far ahead

SnapshotLoader loader_of(EventSnapshot snapshot, std::atomic<int>* calls = nullptr) {
  return [snapshot, calls]() -> Task<core::Result<EventSnapshot>> {
    if (calls) ++*calls;
    co_return snapshot;
  };
}

class InventoryContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "redis") {
      url_ = RedisInstance::shared().url(RedisInstance::shared().new_prefix());
      inv_ = testing::connected<RedisInventory>(url_);
    } else {
      inv_ = std::make_unique<MemoryInventory>();
    }
  }

  void open(int seats, std::vector<SoldSeat> sold = {}, std::vector<LiveHold> holds = {}) {
    ASSERT_TRUE(run_task(inv_->open_event(kEvent, loader_of({seats, std::move(sold), std::move(holds)}))).ok());
  }
  HoldOutcome hold(const std::string& id, std::int64_t user, std::vector<int> seats, int limit = 0,
                   std::int64_t expires = kLater) {
    auto r = run_task(inv_->hold({kEvent, id, user, std::move(seats), expires, limit}));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().code);
    return r.ok() ? *r : HoldOutcome{};
  }
  std::vector<SeatState> seats() {
    auto a = run_task(inv_->availability(kEvent));
    EXPECT_TRUE(a.ok());
    return a.ok() ? *a->seats : std::vector<SeatState>{};
  }
  std::uint64_t version() { return run_task(inv_->availability(kEvent))->version; }
  SeatCounts counts() { return run_task(inv_->counts(kEvent)).value(); }

  std::string url_;
  std::unique_ptr<Inventory> inv_;
};

using S = SeatState;

TEST_P(InventoryContract, OpensFromTheSnapshotOnceAndOnlyOnce) {
  std::atomic<int> calls{0};
  EventSnapshot snap{6, {{1, kAda}}, {{"h1", kBob, {3, 4}, kLater}}};
  ASSERT_TRUE(run_task(inv_->open_event(kEvent, loader_of(snap, &calls))).ok());
  ASSERT_TRUE(run_task(inv_->open_event(kEvent, loader_of(snap, &calls))).ok());
  EXPECT_EQ(calls.load(), 1) << "an open event is not loaded again";
  EXPECT_EQ(seats(), (std::vector<S>{S::kAvailable, S::kSold, S::kAvailable, S::kHeld, S::kHeld, S::kAvailable}));
  EXPECT_EQ(counts().available, 3);
  EXPECT_EQ(counts().held, 2);
  EXPECT_EQ(counts().sold, 1);
  EXPECT_GT(version(), 1'000'000'000'000'000u) << "versions start from the wall clock";
  // The installed hold is a real one: it can be released.
  EXPECT_TRUE(run_task(inv_->release(kEvent, "h1")).ok());
  EXPECT_EQ(counts().available, 5);
}

TEST_P(InventoryContract, ASnapshotHoldThatClashesIsLeftOut) {
  open(4, {{0, kAda}}, {{"sold-seat", kBob, {0, 1}, kLater}, {"first", kBob, {2}, kLater}, {"second", kAda, {2, 3}, kLater}});
  EXPECT_EQ(seats(), (std::vector<S>{S::kSold, S::kAvailable, S::kHeld, S::kAvailable}));
  EXPECT_EQ(run_task(inv_->release(kEvent, "second")).error().code, "hold_not_found");
}

TEST_P(InventoryContract, UnknownEventsAreNotOpen) {
  for (auto code : {run_task(inv_->availability(kEvent)).error().code, run_task(inv_->counts(kEvent)).error().code,
                    run_task(inv_->hold({kEvent, "h", kAda, {0}, kLater, 0})).error().code,
                    run_task(inv_->extend(kEvent, "h", kLater)).error().code,
                    run_task(inv_->release(kEvent, "h")).error().code,
                    run_task(inv_->sell(kEvent, "h", kAda, {0})).error().code,
                    run_task(inv_->unsell(kEvent, kAda, {0})).error().code}) {
    EXPECT_EQ(code, "event_not_open");
  }
}

TEST_P(InventoryContract, AHoldIsAllOrNothing) {
  open(5);
  EXPECT_TRUE(hold("a", kAda, {1, 2}).held());
  const auto v = version();
  auto clash = hold("b", kBob, {0, 2, 3});
  EXPECT_EQ(clash.verdict, HoldVerdict::kTaken);
  EXPECT_EQ(clash.unavailable, std::vector<int>{2});
  EXPECT_EQ(seats(), (std::vector<S>{S::kAvailable, S::kHeld, S::kHeld, S::kAvailable, S::kAvailable}));
  EXPECT_EQ(version(), v) << "a refused hold changes nothing";
  EXPECT_EQ(run_task(inv_->hold({kEvent, "c", kBob, {5}, kLater, 0})).error().code, "unknown_seat");
  EXPECT_EQ(run_task(inv_->hold({kEvent, "a", kBob, {4}, kLater, 0})).error().code, "hold_exists");
}

// An availability handed out is a picture of one version: later changes do not show in it (a
// reader may still be rendering it), and the next read shows them.
TEST_P(InventoryContract, AnAvailabilityHandedOutDoesNotChangeAfterwards) {
  open(3);
  auto before = run_task(inv_->availability(kEvent));
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(before->seats);
  EXPECT_TRUE(hold("a", kAda, {1}).held());
  EXPECT_EQ(*before->seats, (std::vector<S>{S::kAvailable, S::kAvailable, S::kAvailable}));
  auto after = run_task(inv_->availability(kEvent));
  ASSERT_TRUE(after.ok());
  EXPECT_GT(after->version, before->version);
  EXPECT_EQ(*after->seats, (std::vector<S>{S::kAvailable, S::kHeld, S::kAvailable}));
}

TEST_P(InventoryContract, ThePerUserLimitCountsHeldAndSoldSeats) {
  open(10, {{0, kAda}});
  EXPECT_TRUE(hold("a1", kAda, {1, 2}, 4).held());
  auto over = hold("a2", kAda, {3, 4}, 4);
  EXPECT_EQ(over.verdict, HoldVerdict::kOverLimit);
  EXPECT_EQ(over.user_seats, 3);
  EXPECT_TRUE(hold("a3", kAda, {3}, 4).held());
  EXPECT_TRUE(hold("b1", kBob, {5, 6, 7, 8}, 4).held()) << "the limit is per user";
  ASSERT_TRUE(run_task(inv_->release(kEvent, "a1")).ok());
  EXPECT_TRUE(hold("a4", kAda, {1, 2}, 4).held()) << "released seats no longer count";
}

// Many concurrent holds by one user: the limit holds, whatever the interleaving.
TEST_P(InventoryContract, TheLimitHoldsUnderConcurrentHolds) {
  open(200);
  boost::asio::thread_pool pool(4);
  std::vector<std::future<std::optional<core::Result<HoldOutcome>>>> results;
  for (int i = 0; i < 24; ++i) {
    std::vector<int> seats;
    for (int s = 0; s < 8; ++s) seats.push_back(i * 8 + s);
    // No captures: the coroutine outlives this loop's lambda object; its parameters live in it.
    auto one = [](Inventory& inv, HoldRequest r) -> Task<std::optional<core::Result<HoldOutcome>>> {
      co_return co_await inv.hold(std::move(r));
    };
    results.push_back(boost::asio::co_spawn(
        pool, one(*inv_, {kEvent, "h" + std::to_string(i), kAda, seats, kLater, 8}), boost::asio::use_future));
  }
  int held = 0;
  for (auto& f : results) {
    auto r = f.get();
    ASSERT_TRUE(r && r->ok());
    held += (*r)->held();
  }
  pool.join();
  EXPECT_EQ(held, 1);
  EXPECT_EQ(counts().held, 8);
}

TEST_P(InventoryContract, ExpiryTakesEachDueHoldOnceAndExtendMovesIt) {
  open(4);
  hold("soon", kAda, {0}, 0, 1'000);
  hold("extended", kBob, {1}, 0, 1'000);
  hold("later", kBob, {2}, 0, 5'000);
  ASSERT_TRUE(run_task(inv_->extend(kEvent, "extended", 9'000)).ok());
  EXPECT_TRUE(run_task(inv_->take_expired(999))->empty());
  auto due = run_task(inv_->take_expired(1'000));
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].hold_id, "soon");
  EXPECT_EQ((*due)[0].user_id, kAda);
  EXPECT_EQ((*due)[0].event_id, kEvent);
  EXPECT_EQ((*due)[0].seats, std::vector<int>{0});
  EXPECT_TRUE(run_task(inv_->take_expired(1'000))->empty()) << "taken once";
  EXPECT_EQ(seats()[0], S::kAvailable);
  ASSERT_TRUE(run_task(inv_->confirm_expired(*due)).ok());
  EXPECT_EQ(run_task(inv_->take_expired(9'000))->size(), 2u) << "the confirmed hold is gone for good";
  EXPECT_EQ(counts().available, 4);
  EXPECT_EQ(run_task(inv_->extend(kEvent, "soon", kLater)).error().code, "hold_not_found");
  EXPECT_EQ(run_task(inv_->release(kEvent, "soon")).error().code, "hold_not_found");
}

TEST_P(InventoryContract, ATakenHoldNobodyConfirmedIsHandedOutAgain) {
  open(2);
  hold("lost", kAda, {0}, 0, 1'000);  // taken by a sweeper that dies before recording it
  ASSERT_EQ(run_task(inv_->take_expired(1'000))->size(), 1u);
  EXPECT_TRUE(run_task(inv_->take_expired(2'000))->empty()) << "its taker still has time to confirm";
  auto again = run_task(inv_->take_expired(7'000));
  ASSERT_EQ(again->size(), 1u) << "handed out again once its lease ran out";
  EXPECT_EQ((*again)[0].hold_id, "lost");
  EXPECT_EQ((*again)[0].seats, std::vector<int>{0});
  EXPECT_EQ(seats()[0], S::kAvailable) << "its seats went back to sale the first time";
  ASSERT_TRUE(run_task(inv_->confirm_expired(*again)).ok());
  EXPECT_TRUE(run_task(inv_->take_expired(60'000))->empty());
}

TEST_P(InventoryContract, SellingAHoldSellsItsSeatsAndUnsellPutsThemBack) {
  open(4);
  hold("a", kAda, {0, 1}, 4);
  ASSERT_TRUE(run_task(inv_->sell(kEvent, "a", kAda, {0, 1})).ok());
  EXPECT_EQ(seats(), (std::vector<S>{S::kSold, S::kSold, S::kAvailable, S::kAvailable}));
  EXPECT_EQ(run_task(inv_->release(kEvent, "a")).error().code, "hold_not_found") << "the hold is gone";
  EXPECT_EQ(hold("a2", kAda, {2, 3}, 3).verdict, HoldVerdict::kOverLimit) << "bought seats count";
  ASSERT_TRUE(run_task(inv_->unsell(kEvent, kAda, {1})).ok());
  EXPECT_EQ(seats()[1], S::kAvailable);
  EXPECT_EQ(counts().sold, 1);
  EXPECT_TRUE(hold("a3", kAda, {1, 2}, 3).held()) << "an unsold seat no longer counts";
}

TEST_P(InventoryContract, ALateSaleNeverTakesAnotherBuyersHold) {
  open(3);
  hold("ada", kAda, {0}, 0, 1'000);
  ASSERT_EQ(run_task(inv_->take_expired(1'000))->size(), 1u);  // Ada's hold ran out...
  hold("bob", kBob, {0, 1});                                   // ...and Bob holds her seat
  // The database sold the seat to Ada (her checkout had begun in time): Bob keeps his hold.
  ASSERT_TRUE(run_task(inv_->sell(kEvent, "ada", kAda, {0})).ok());
  EXPECT_EQ(seats()[0], S::kHeld);
  EXPECT_TRUE(run_task(inv_->extend(kEvent, "bob", kLater)).ok());
  // When Bob lets go, the seat is Ada's, not for sale again.
  ASSERT_TRUE(run_task(inv_->release(kEvent, "bob")).ok());
  EXPECT_EQ(seats(), (std::vector<S>{S::kSold, S::kAvailable, S::kAvailable}));
  EXPECT_EQ(counts().sold, 1);
  EXPECT_EQ(counts().held, 0);
}

TEST_P(InventoryContract, CancellingAnOwedSeatReturnsItToSaleWhenTheHoldEnds) {
  open(2);
  hold("bob", kBob, {0});
  ASSERT_TRUE(run_task(inv_->sell(kEvent, "ada", kAda, {0})).ok());
  ASSERT_TRUE(run_task(inv_->unsell(kEvent, kAda, {0})).ok());  // Ada's ticket cancelled
  const auto released = run_task(inv_->release(kEvent, "bob"));
  ASSERT_TRUE(released.ok()) << released.error().message;
  EXPECT_EQ(seats()[0], S::kAvailable);
  EXPECT_TRUE(hold("ada2", kAda, {0, 1}, 2).held()) << "Ada's cancelled seat no longer counts";
}

// Issue 30, item 8: a ticket given away still counted as the giver's, so the receiver could be
// given any number and still hold up to the limit.
TEST_P(InventoryContract, AGiftCountsAsTheReceiversAndStaysWithinTheirLimit) {
  open(10, {{0, kAda}, {1, kAda}, {2, kAda}});
  EXPECT_TRUE(hold("b", kBob, {5, 6}, 4).held());
  auto over = run_task(inv_->transfer(kEvent, kAda, kBob, {0, 1, 2}, 4));
  ASSERT_TRUE(over.ok());
  EXPECT_EQ(over->verdict, HoldVerdict::kOverLimit) << "2 held + 3 given > 4";
  EXPECT_EQ(over->user_seats, 2);
  auto given = run_task(inv_->transfer(kEvent, kAda, kBob, {0, 1}, 4));
  ASSERT_TRUE(given.ok());
  EXPECT_TRUE(given->held());
  EXPECT_EQ(hold("b2", kBob, {7}, 4).verdict, HoldVerdict::kOverLimit) << "the gifts count as Bob's";
  EXPECT_TRUE(hold("a", kAda, {7, 8, 9}, 4).held()) << "and no longer as Ada's";
  EXPECT_EQ(run_task(inv_->transfer(kEvent + 1, kAda, kBob, {0}, 4)).error().code, "event_not_open");
}

TEST_P(InventoryContract, EveryChangeMovesTheVersion) {
  open(3);
  auto v = version();
  auto moved = [&] {
    const auto now = version();
    const bool grew = now > v;
    v = now;
    return grew;
  };
  hold("a", kAda, {0});
  EXPECT_TRUE(moved());
  ASSERT_TRUE(run_task(inv_->release(kEvent, "a")).ok());
  EXPECT_TRUE(moved());
  hold("b", kAda, {1});
  ASSERT_TRUE(run_task(inv_->sell(kEvent, "b", kAda, {1})).ok());
  EXPECT_TRUE(moved());
  ASSERT_TRUE(run_task(inv_->unsell(kEvent, kAda, {1})).ok());
  EXPECT_TRUE(moved());
}

TEST_P(InventoryContract, ClosingForgetsTheEvent) {
  std::atomic<int> calls{0};
  ASSERT_TRUE(run_task(inv_->open_event(kEvent, loader_of({3, {}, {}}, &calls))).ok());
  hold("a", kAda, {0});
  ASSERT_TRUE(run_task(inv_->close_event(kEvent)).ok());
  EXPECT_EQ(run_task(inv_->availability(kEvent)).error().code, "event_not_open");
  ASSERT_TRUE(run_task(inv_->open_event(kEvent, loader_of({3, {}, {}}, &calls))).ok());
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(seats()[0], S::kAvailable);
}

INSTANTIATE_TEST_SUITE_P(Adapters, InventoryContract, ::testing::Values("memory", "redis"),
                         [](const auto& info) { return info.param; });

// --- Only a shared inventory: several instances over one Redis ---

TEST(RedisInventory, TwoInstancesSeeOneAnother) {
  const auto url = RedisInstance::shared().url(RedisInstance::shared().new_prefix());
  auto a = testing::connected<RedisInventory>(url), b = testing::connected<RedisInventory>(url);
  ASSERT_TRUE(run_task(a->open_event(kEvent, loader_of({4, {}, {}}))).ok());
  std::atomic<int> calls{0};
  ASSERT_TRUE(run_task(b->open_event(kEvent, loader_of({4, {}, {}}, &calls))).ok());
  EXPECT_EQ(calls.load(), 0) << "b finds the event a opened";
  ASSERT_TRUE(run_task(a->hold({kEvent, "h", kAda, {2}, kLater, 0}))->held());
  EXPECT_EQ((*run_task(b->availability(kEvent))->seats)[2], SeatState::kHeld);
  EXPECT_EQ(run_task(b->hold({kEvent, "h2", kBob, {2}, kLater, 0}))->verdict, HoldVerdict::kTaken);
  ASSERT_TRUE(run_task(b->release(kEvent, "h")).ok());
  EXPECT_EQ((*run_task(a->availability(kEvent))->seats)[2], SeatState::kAvailable);
}

TEST(RedisInventory, ConcurrentRebuildsLoadTheDatabaseOnce) {
  const auto url = RedisInstance::shared().url(RedisInstance::shared().new_prefix());
  std::vector<std::unique_ptr<RedisInventory>> instances;
  for (int i = 0; i < 3; ++i) instances.push_back(testing::connected<RedisInventory>(url));
  std::atomic<int> calls{0};
  // A slow database read: the others must wait for it rather than load too.
  SnapshotLoader slow = [&calls]() -> Task<core::Result<EventSnapshot>> {
    ++calls;
    co_await sleep_for(std::chrono::milliseconds(300));
    co_return EventSnapshot{5, {{4, kAda}}, {}};
  };
  boost::asio::thread_pool pool(3);
  std::vector<std::future<std::optional<core::Status>>> done;
  for (auto& inv : instances) {
    auto one = [](Inventory& inv, SnapshotLoader load) -> Task<std::optional<core::Status>> {
      co_return co_await inv.open_event(kEvent, std::move(load));
    };
    done.push_back(boost::asio::co_spawn(pool, one(*inv, slow), boost::asio::use_future));
  }
  for (auto& f : done) EXPECT_TRUE(f.get()->ok());
  pool.join();
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ((*run_task(instances[2]->availability(kEvent))->seats)[4], SeatState::kSold);
}

TEST(RedisInventory, ARestartedEmptyRedisIsRebuiltAndAnOutageIsAnUnavailableError) {
  RedisInstance own;
  const auto url = own.url("fault");
  auto inv = testing::connected<RedisInventory>(url);
  ASSERT_TRUE(run_task(inv->open_event(kEvent, loader_of({3, {}, {}}))).ok());
  ASSERT_TRUE(run_task(inv->hold({kEvent, "h", kAda, {0}, kLater, 0}))->held());

  own.kill_now();
  auto down = run_task(inv->availability(kEvent));
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_EQ(down.error().code, "inventory_unavailable");

  own.start();  // empty: no persistence
  ASSERT_TRUE(inv->wait_connected(10'000)) << "reconnects by itself";
  core::Result<Availability> after = core::internal("not tried");
  for (int i = 0; i < 200 && !after.ok(); ++i) {
    after = run_task(inv->availability(kEvent));
    if (!after.ok() && after.error().code == "event_not_open") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, "event_not_open") << "the state was lost, and says so";
  // Rebuilt from the database, which knows the hold: the scripts are loaded again too.
  ASSERT_TRUE(run_task(inv->open_event(kEvent, loader_of({3, {}, {{"h", kAda, {0}, kLater}}}))).ok());
  EXPECT_EQ((*run_task(inv->availability(kEvent))->seats)[0], SeatState::kHeld);
  EXPECT_EQ(run_task(inv->take_expired(kLater))->size(), 1u) << "the rebuilt event is swept";
}

}  // namespace
}  // namespace tw::inventory
