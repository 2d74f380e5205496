#include "services/catalog.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "app/run_task.h"
#include "support/event_drafts.h"
#include "support/memory_stores.h"
#include "support/store_wrappers.h"

namespace tw::services {
namespace {
using app::run_task;

// The event store as the database is: every read takes a turn of the event loop (other readers
// run meanwhile), and is counted. `fail_next` makes the next read fail.
class SlowCountingEvents final : public testing::EventStoreWrapper {
 public:
  using EventStoreWrapper::EventStoreWrapper;
  Task<core::Result<std::optional<core::EventListing>>> find_event(std::string slug) override {
    ++finds;
    co_await boost::asio::post(co_await boost::asio::this_coro::executor, boost::asio::use_awaitable);
    if (hang_next) {  // a read that does not come back while the test looks
      hang_next = false;
      boost::asio::steady_timer never(co_await boost::asio::this_coro::executor, std::chrono::hours(1));
      co_await never.async_wait(boost::asio::use_awaitable);
    }
    if (fail_next) {
      fail_next = false;
      co_return core::unavailable("database_unavailable", "injected");
    }
    co_return co_await target_.find_event(std::move(slug));
  }
  Task<core::Result<core::EventPage>> list_events(core::EventQuery query) override {
    ++lists;
    co_await boost::asio::post(co_await boost::asio::this_coro::executor, boost::asio::use_awaitable);
    co_return co_await target_.list_events(std::move(query));
  }
  int finds = 0, lists = 0;
  bool fail_next = false, hang_next = false;
};

// A coroutine of its own (parameters live in its frame; a lambda's captures would not outlive
// co_spawn's call).
template <class Read>
Task<void> read_once(Read read, int& ok) {
  auto result = co_await read();
  ok += result.ok();
}

// Issue 14: when a cached event expired in a sale, every request in flight reloaded it, and each
// reload counts the event's sold tickets: hundreds of counts queued the sale's session and payment
// reads behind them. One reader reloads; the others answer from the expired copy meanwhile.
class CatalogCache : public ::testing::Test {
 protected:
  void SetUp() override {
    core::Layout layout{"Club", {}, {{"A", "Floor", "ga", 2, 10, 50'00, {0, 0, 0}}}};
    auto e = run_task(stores_.events->create_event(testing::event_draft("club", "Club", 6), layout));
    ASSERT_TRUE(e.ok());
    event_id_ = e->id;
  }

  // Runs `readers` calls of `read` at once on one event loop; returns how many succeeded.
  template <class Read>
  int crowd(int readers, Read read) {
    boost::asio::io_context ioc;
    int ok = 0;
    for (int i = 0; i < readers; ++i) {
      boost::asio::co_spawn(ioc, read_once(read, ok), boost::asio::detached);
    }
    ioc.run();
    return ok;
  }

  core::ManualClock clock_{1'900'000'000'000};
  store::Stores stores_ = testing::memory_stores(clock_);
  SlowCountingEvents events_{*stores_.events};
  Catalog catalog_{events_, clock_, 2000};
  std::int64_t event_id_ = 0;
};

TEST_F(CatalogCache, AnExpiredEventIsReloadedOnceForACrowd) {
  const auto first = run_task(catalog_.find_cached("club"));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(events_.finds, 1);
  clock_.advance_ms(2001);

  EXPECT_EQ(crowd(200, [&] { return catalog_.find_cached("club"); }), 200);
  EXPECT_EQ(events_.finds, 2);
  EXPECT_EQ(crowd(200, [&] { return catalog_.find_cached_by_id(event_id_); }), 200);
  EXPECT_EQ(events_.finds, 2) << "the reload is fresh for everyone after it";
  const auto after = run_task(catalog_.find_cached("club"));
  ASSERT_TRUE(after.ok());
  EXPECT_NE(after->loaded, first->loaded) << "readers after the reload see the new copy";
}

TEST_F(CatalogCache, ByIdTheSame) {
  ASSERT_TRUE(run_task(catalog_.find_cached_by_id(event_id_)).ok());
  clock_.advance_ms(2001);
  const int before = events_.finds;
  EXPECT_EQ(crowd(200, [&] { return catalog_.find_cached_by_id(event_id_); }), 200);
  EXPECT_EQ(events_.finds, before + 1);
}

TEST_F(CatalogCache, AFailedReloadLetsTheNextReaderTryAgain) {
  ASSERT_TRUE(run_task(catalog_.find_cached("club")).ok());
  clock_.advance_ms(2001);
  events_.fail_next = true;
  EXPECT_FALSE(run_task(catalog_.find_cached("club")).ok()) << "the reloading reader hears the failure";
  const auto again = run_task(catalog_.find_cached("club"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(events_.finds, 3);
}

TEST_F(CatalogCache, AReloadThatNeverReturnsIsTakenOverAfterTheTtl) {
  ASSERT_TRUE(run_task(catalog_.find_cached("club")).ok());
  clock_.advance_ms(2001);
  events_.hang_next = true;
  boost::asio::io_context stuck;
  int ok = 0;
  boost::asio::co_spawn(stuck, read_once([&] { return catalog_.find_cached("club"); }, ok), boost::asio::detached);
  stuck.poll();  // the reader claims the reload and waits on the store
  ASSERT_EQ(events_.finds, 2);
  EXPECT_TRUE(run_task(catalog_.find_cached("club")).ok());
  EXPECT_EQ(events_.finds, 2) << "while the claim is young, others use the expired copy";
  clock_.advance_ms(2000);
  EXPECT_TRUE(run_task(catalog_.find_cached("club")).ok());
  EXPECT_EQ(events_.finds, 3) << "an abandoned claim does not keep the copy stale";
}

TEST_F(CatalogCache, AnExpiredPageOfTheEventsListIsReloadedOnceForACrowd) {
  core::EventQuery q;
  q.limit = 20;
  ASSERT_TRUE(run_task(catalog_.list(q)).ok());
  clock_.advance_ms(2001);
  EXPECT_EQ(crowd(200, [&] { return catalog_.list(q); }), 200);
  EXPECT_EQ(events_.lists, 2);
}

TEST_F(CatalogCache, AnEventDeactivatedElsewhereIsNotFoundAfterItsReload) {
  ASSERT_TRUE(run_task(catalog_.find_cached("club")).ok());
  ASSERT_TRUE(run_task(stores_.events->deactivate_event(event_id_)).ok());  // another instance
  clock_.advance_ms(2001);
  for (int reader = 0; reader < 2; ++reader) {  // the one reloading, then one from the cache
    const auto after = run_task(catalog_.find_cached("club"));
    ASSERT_FALSE(after.ok());
    EXPECT_EQ(after.error().code, "event_not_found");
  }
  EXPECT_EQ(events_.finds, 2);
  EXPECT_TRUE(run_task(catalog_.find_cached_by_id(event_id_)).ok()) << "a sale in progress may finish";
}

}  // namespace
}  // namespace tw::services
