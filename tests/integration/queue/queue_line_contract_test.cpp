// The QueueLine contract, run on both adapters: MemoryQueueLine (over a real SQLite QueueStore)
// and RedisQueueLine on a real redis-server (one per test binary, a key prefix per test). Then
// what only a shared line meets: two servers on one line, one doorman at a time, a Redis that
// lost its rooms getting them back from the database.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "app/run_task.h"
#include "async/worker_pool.h"
#include "core/clock.h"
#include "core/iso_time.h"
#include "core/venue_layouts.h"
#include "core/queue_draw.h"
#include "queue/memory_queue_line.h"
#include "queue/redis_queue_line.h"
#include "store/sqlite/sqlite_stores.h"
#include "support/redis_instance.h"
#include "support/server_process.h"

namespace tw::queue {
namespace {
using app::run_task;
using core::QueueEntry;
using core::QueueEntryState;
using testing::RedisInstance;

constexpr std::int64_t kT0 = 1'900'000'000'000;  // a time in ms

core::WaitingRoomRecord fresh_room(const std::string& seed) {
  return {.seed = seed, .commitment = core::draw_commitment(seed), .pass_key = std::string(64, 'a')};
}

// A database, migrated, with accounts 1 to 40 and one event (places name both); the event's id.
std::int64_t with_event(store::Stores& stores) {
  EXPECT_TRUE(run_task(stores.database->migrate()).ok());
  std::vector<core::NewUser> fans;
  for (int i = 1; i <= 40; ++i) fans.push_back({"fan" + std::to_string(i) + "@example.com", "Fan", "hash"});
  auto made = run_task(stores.accounts->create_users(std::move(fans)));
  EXPECT_TRUE(made.ok() && made->front().id == 1 && made->back().id == 40);
  core::EventDraft d;
  d.slug = "on-sale";
  d.name = d.artist = d.venue = "x";
  d.color = "#000000";
  d.starts_at = core::parse_iso8601("2030-01-01T10:00:00Z").value();
  auto e = run_task(stores.events->create_event(d, core::stadium_layout()));
  EXPECT_TRUE(e.ok());
  return e.ok() ? e->id : 0;
}

class QueueLineContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = testing::make_temp_dir();
    auto s = store::open_sqlite(dir_ + "/q.db", pool_, clock_);
    ASSERT_TRUE(s.ok());
    stores_ = std::move(s).value();
    kEvent = with_event(stores_);
    line_ = make_line("server-1");
  }
  void TearDown() override {
    line_.reset();
    stores_ = {};
    std::filesystem::remove_all(dir_);
  }
  std::unique_ptr<QueueLine> make_line(const std::string& holder) {
    if (GetParam() == "memory") return std::make_unique<MemoryQueueLine>(*stores_.queues);
    if (url_.empty()) url_ = RedisInstance::shared().url(RedisInstance::shared().new_prefix());
    return testing::connected<RedisQueueLine>(url_, *stores_.queues, holder);
  }
  core::WaitingRoomSettings settings(int per_minute = 600, int max_active = 1000) {
    return {.enabled = true, .admit_per_minute = per_minute, .max_active = max_active, .pass_minutes = 20};
  }
  void open_room(int per_minute = 600, int max_active = 1000) {
    ASSERT_TRUE(run_task(line_->configure(kEvent, settings(per_minute, max_active), fresh_room("seed-1"))).ok());
  }
  QueueEntry join(std::int64_t user, std::int64_t at = kT0, QueueLine* line = nullptr) {
    auto placed = run_task((line ? line : line_.get())->join(
        {.id = "q-" + std::to_string(user) + "-" + std::to_string(at), .event_id = kEvent, .user_id = user, .joined_at_ms = at}));
    EXPECT_TRUE(placed.ok()) << (placed.ok() ? "" : placed.error().message);
    return placed.ok() ? *placed : QueueEntry{};
  }
  LineState state(std::int64_t user = 0, std::int64_t now = kT0) {
    auto s = run_task(line_->state(kEvent, user, now, false));
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return s.ok() ? *s : LineState{};
  }
  // A doorman's round at `now` with the sale open.
  void round(std::int64_t now, bool sellable = true) {
    auto st = run_task(line_->admit(kEvent, {.now_ms = now, .open = true, .sellable = sellable, .idle_ms = 120'000,
                                             .gone_ms = 30'000}));
    ASSERT_TRUE(st.ok()) << st.error().message;
  }
  void closed_round(std::int64_t now) {
    ASSERT_TRUE(run_task(line_->admit(kEvent, {.now_ms = now, .open = false})).ok());
  }

  std::int64_t kEvent = 0;  // the room's event
  WorkerPool pool_{1};
  core::ManualClock clock_{kT0};
  std::string dir_;
  std::string url_;
  store::Stores stores_;
  std::unique_ptr<QueueLine> line_;
};

TEST_P(QueueLineContract, ARoomKeepsItsSeedAndKeyAndAnswersForNoRoom) {
  EXPECT_EQ(run_task(line_->state(kEvent, 0, kT0, false)).error().code, "no_waiting_room");
  EXPECT_EQ(run_task(line_->change(kEvent, RoomChange::kPause)).error().code, "no_waiting_room");
  open_room();
  auto again = run_task(line_->configure(kEvent, settings(900), fresh_room("seed-2")));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->seed, "seed-1") << "a room keeps the seed it committed to";
  EXPECT_EQ(again->settings.admit_per_minute, 900);
  ASSERT_TRUE(run_task(line_->change(kEvent, RoomChange::kPause)).ok());
  ASSERT_TRUE(run_task(line_->change(kEvent, RoomChange::kClose)).ok());
  const auto s = state();
  EXPECT_TRUE(s.record.paused);
  EXPECT_TRUE(s.record.closing);
  auto rooms = run_task(line_->rooms());
  ASSERT_TRUE(rooms.ok());
  ASSERT_EQ(rooms->size(), 1u);
  EXPECT_EQ(rooms->front().commitment, core::draw_commitment("seed-1"));
  auto kept = run_task(stores_.queues->rooms());
  ASSERT_TRUE(kept.ok());
  ASSERT_EQ(kept->size(), 1u) << "rooms are written to the database on both";
  EXPECT_TRUE(kept->front().closing);
}

TEST_P(QueueLineContract, ThePreQueueIsDrawnBySeedAndLaterFansLineUpByArrival) {
  open_room();
  std::vector<std::string> ids;
  for (int u = 1; u <= 20; ++u) ids.push_back(join(u).id);
  EXPECT_EQ(join(3).id, ids[2]) << "a second join keeps the place";
  EXPECT_EQ(state().pre_queue, 20);
  EXPECT_TRUE(run_task(line_->drawn_order(kEvent))->empty());
  closed_round(kT0);
  round(kT0 + 250);
  const auto order = run_task(line_->drawn_order(kEvent));
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(*order, core::draw_order("seed-1", ids)) << "the published order is the seed's";
  EXPECT_GT(state().record.drawn_at_ms, 0);
  const auto late_a = join(21, kT0 + 300), late_b = join(22, kT0 + 301);
  EXPECT_EQ(late_a.turn, 21);
  EXPECT_EQ(late_b.turn, 22);
  for (int u = 1; u <= 20; ++u) {
    const auto place = state(u).place;
    ASSERT_TRUE(place);
    EXPECT_EQ((*order)[static_cast<std::size_t>(place->turn - 1)], place->id);
  }
}

TEST_P(QueueLineContract, TheDoormanLetsInAtTheRateUnderMaxActiveWhileThereIsSomethingToSell) {
  open_room(600, 25);  // 10 a second
  for (int u = 1; u <= 40; ++u) join(u);
  closed_round(kT0);
  std::int64_t now = kT0;
  for (int k = 0; k < 8; ++k) round(now += 250);  // two seconds
  auto s = state(0, now);
  EXPECT_EQ(s.active, 20) << "two seconds at ten a second";
  EXPECT_EQ(s.admitted_total, 20);
  EXPECT_EQ(s.in_line, 20);
  EXPECT_EQ(s.head_turn, 21);
  EXPECT_EQ(s.admitted_last_minute, 20);
  for (int k = 0; k < 8; ++k) round(now += 250);
  EXPECT_EQ(state(0, now).active, 25) << "never past maxActive";
  ASSERT_TRUE(run_task(line_->finish(kEvent, 1)).ok());
  EXPECT_EQ(state(1, now).place->state, QueueEntryState::kDone);
  round(now += 250, /*sellable=*/false);
  EXPECT_EQ(state(0, now).active, 24) << "nobody while nothing is left to sell";
  ASSERT_TRUE(run_task(line_->change(kEvent, RoomChange::kPause)).ok());
  round(now += 250);
  EXPECT_EQ(state(0, now).active, 24) << "nobody while paused";
  ASSERT_TRUE(run_task(line_->change(kEvent, RoomChange::kResume)).ok());
  round(now += 250);
  EXPECT_EQ(state(0, now).active, 25);
  const auto s2 = state(0, now);
  EXPECT_EQ(s2.admitted_total, 26);
  EXPECT_EQ(s2.done, 1);
}

TEST_P(QueueLineContract, PlacesOfFansWhoLeftOrRanOutGoToTheNext) {
  open_room(6'000, 1000);
  for (int u = 1; u <= 3; ++u) join(u);
  closed_round(kT0);
  round(kT0 + 1'000);
  ASSERT_EQ(state(0, kT0 + 1'000).active, 3);
  // Fan 1 is buying, fan 2 keeps looking, fan 3 is gone.
  auto shopping = run_task(line_->shopper(kEvent, 1, kT0 + 2'000));
  ASSERT_TRUE(shopping.ok() && *shopping);
  EXPECT_EQ((*shopping)->state, QueueEntryState::kAdmitted);
  ASSERT_TRUE(run_task(line_->state(kEvent, 2, kT0 + 25'000, true)).ok());
  round(kT0 + 35'000);
  EXPECT_EQ(state(1).place->state, QueueEntryState::kAdmitted);
  EXPECT_EQ(state(2).place->state, QueueEntryState::kAdmitted);
  EXPECT_EQ(state(3).place->state, QueueEntryState::kDone) << "not seen for 30 s";
  round(kT0 + 200'000);
  EXPECT_EQ(state(2).place->state, QueueEntryState::kDone) << "no hold within two minutes";
  EXPECT_EQ(state(1).place->state, QueueEntryState::kAdmitted) << "buying: their pass decides";
  round(kT0 + 1'000 + 20 * 60'000);
  EXPECT_EQ(state(1).place->state, QueueEntryState::kDone) << "the pass ran out";
  EXPECT_FALSE(*run_task(line_->shopper(kEvent, 9, kT0))) << "no place";
  const auto rejoined = join(3, kT0 + 1'300'000);
  EXPECT_EQ(rejoined.state, QueueEntryState::kWaiting) << "a fan whose place ended may queue again";
  EXPECT_NE(rejoined.id, "q-3-" + std::to_string(kT0));
}

INSTANTIATE_TEST_SUITE_P(Adapters, QueueLineContract, ::testing::Values("memory", "redis"),
                         [](const auto& info) { return info.param; });

// Two servers on one Redis line: the same places, one doorman at a time.
TEST(RedisQueueLine, TwoServersShareOnePlaceAndOneDoorman) {
  WorkerPool pool{1};
  core::ManualClock clock{kT0};
  const auto dir = testing::make_temp_dir();
  auto stores = store::open_sqlite(dir + "/q.db", pool, clock);
  ASSERT_TRUE(stores.ok());
  const auto kEvent = with_event(*stores);
  const auto url = RedisInstance::shared().url(RedisInstance::shared().new_prefix());
  auto a = testing::connected<RedisQueueLine>(url, *stores->queues, std::string("a"));
  auto b = testing::connected<RedisQueueLine>(url, *stores->queues, std::string("b"));
  ASSERT_TRUE(run_task(a->configure(kEvent, {.enabled = true}, fresh_room("s"))).ok());
  auto on_a = run_task(a->join({.id = "x", .event_id = kEvent, .user_id = 5, .joined_at_ms = kT0}));
  auto on_b = run_task(b->join({.id = "y", .event_id = kEvent, .user_id = 5, .joined_at_ms = kT0 + 1}));
  ASSERT_TRUE(on_a.ok() && on_b.ok());
  EXPECT_EQ(on_b->id, "x") << "the account's place, whichever server";
  EXPECT_TRUE(run_task(a->doorman_here()));
  EXPECT_FALSE(run_task(b->doorman_here())) << "one doorman at a time";
  EXPECT_TRUE(run_task(a->doorman_here())) << "the holder renews";
  std::filesystem::remove_all(dir);
}

// A Redis that lost a room gets it back from the database at the next start (not its places).
TEST(RedisQueueLine, ARedisThatLostARoomGetsItBack) {
  WorkerPool pool{1};
  core::ManualClock clock{kT0};
  const auto dir = testing::make_temp_dir();
  auto stores = store::open_sqlite(dir + "/q.db", pool, clock);
  ASSERT_TRUE(stores.ok());
  const auto kEvent = with_event(*stores);
  const auto kept = fresh_room("kept-seed");
  auto record = kept;
  record.event_id = kEvent;
  record.settings = {.enabled = true, .admit_per_minute = 1234};
  ASSERT_TRUE(run_task(stores->queues->save_room(record)).ok());
  auto line = testing::connected<RedisQueueLine>(RedisInstance::shared().url(RedisInstance::shared().new_prefix()),
                                                 *stores->queues, std::string("a"));
  EXPECT_EQ(run_task(line->state(kEvent, 0, kT0, false)).error().code, "no_waiting_room");
  ASSERT_TRUE(run_task(line->load()).ok());
  auto s = run_task(line->state(kEvent, 0, kT0, false));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->record.seed, "kept-seed");
  EXPECT_EQ(s->record.settings.admit_per_minute, 1234);
  EXPECT_EQ(run_task(line->rooms())->size(), 1u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tw::queue
