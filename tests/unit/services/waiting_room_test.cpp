// Issue 32, item 7: the waiting room simulated on fakes and a hand-driven clock, with 10,000
// fans, half before the opening and half after: the pre-queue is let in in the order its
// published seed gives, later fans in order of arrival, at the room's rate, never more than
// maxActive shopping at once, and the waits told at the opening come true.
#include "services/waiting_room.h"

#include "services/booking.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "app/run_task.h"
#include "queue/memory_queue_line.h"
#include "core/queue_draw.h"
#include "inventory/memory_inventory.h"
#include "support/event_drafts.h"
#include "support/memory_stores.h"

namespace tw::services {
namespace {
using app::run_task;

// The places the doorman lets in, in the order it lets them in.
class RecordingQueueStore final : public store::QueueStore {
 public:
  explicit RecordingQueueStore(store::QueueStore& target) : target_(target) {}
  Task<core::Result<std::vector<core::WaitingRoomRecord>>> rooms() override { return target_.rooms(); }
  Task<core::Status> save_room(core::WaitingRoomRecord room) override { return target_.save_room(std::move(room)); }
  Task<core::Status> add_entry(core::QueueEntry entry) override { return target_.add_entry(std::move(entry)); }
  Task<core::Result<std::vector<core::QueueEntry>>> entries_of(std::int64_t event_id) override {
    return target_.entries_of(event_id);
  }
  Task<core::Status> update_entries(std::vector<core::QueueEntry> entries) override {
    for (const auto& e : entries) {
      if (e.state == core::QueueEntryState::kAdmitted) admitted.push_back(e);
    }
    return target_.update_entries(std::move(entries));
  }
  std::vector<core::QueueEntry> admitted;

 private:
  store::QueueStore& target_;
};

// Kendall's tau between the order of `ranks` and 0, 1, 2, ...: 1 when they agree everywhere.
double kendall_tau(const std::vector<std::size_t>& ranks) {
  const auto n = ranks.size();
  double concordant = 0, discordant = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) (ranks[i] < ranks[j] ? concordant : discordant) += 1;
  }
  return (concordant - discordant) / (concordant + discordant);
}

class WaitingRoomSimulation : public ::testing::Test {
 protected:
  static constexpr std::int64_t kTickMs = 250;  // as the app's doorman

  void SetUp() override {
    auto d = testing::event_draft("on-sale-day", "On Sale Day", 8);
    opens_ms_ = clock_.now_ms() + 60'000;
    d.on_sale_at = core::ZonedTime{opens_ms_ / 1000, 0};
    core::Layout layout{"Arena", {}, {{"A", "Floor", "ga", 100, 100, 50'00, {0, 0, 0}}}};
    ASSERT_TRUE(run_task(stores_.events->create_event(d, layout)).ok());
  }

  void open_room(int per_minute, int max_active) {
    auto event = run_task(catalog_.find_cached("on-sale-day"));
    ASSERT_TRUE(event.ok());
    event_id_ = event->listing.event.id;
    core::WaitingRoomSettings s{true, per_minute, max_active, 20};
    ASSERT_TRUE(run_task(room_.configure(event_id_, s)).ok());
  }
  static std::string session_of(std::int64_t user) { return "session-of-" + std::to_string(user) + "-0123456789"; }
  QueueView join(std::int64_t user) {
    auto v = run_task(room_.join(user, "on-sale-day", session_of(user)));
    EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().message);
    return v.ok() ? *v : QueueView{};
  }
  QueueView view(std::int64_t user) { return run_task(room_.view(user, "on-sale-day", session_of(user))).value(); }
  void tick() {
    clock_.advance_ms(kTickMs);
    run_task(room_.tick());
  }

  core::ManualClock clock_{1'900'000'000'000};
  store::Stores stores_ = testing::memory_stores(clock_);
  RecordingQueueStore queues_{*stores_.queues};
  Catalog catalog_{*stores_.events, clock_};
  inventory::MemoryInventory inventory_;
  SeatKeeper seats_{*stores_.booking, inventory_, catalog_, clock_};
  Booking booking_{*stores_.booking, seats_, catalog_, clock_};
  queue::MemoryQueueLine line_{queues_};
  WaitingRoom room_{line_, catalog_, seats_, clock_};
  std::int64_t opens_ms_ = 0;
  std::int64_t event_id_ = 0;
};

TEST_F(WaitingRoomSimulation, TenThousandFansAreLetInFairlyAtTheRoomsRateAndTheirWaitsComeTrue) {
  constexpr int kBefore = 5'000, kAfter = 5'000, kPerMinute = 6'000;  // 100 a second
  open_room(kPerMinute, 1'000'000);
  // Before the opening: 5,000 fans over its last minute.
  std::int64_t user = 0;
  while (clock_.now_ms() < opens_ms_) {
    for (int k = 0; k < kBefore * kTickMs / 60'000 + 1 && user < kBefore; ++k) join(++user);
    tick();
  }
  ASSERT_EQ(user, kBefore);
  ASSERT_TRUE(queues_.admitted.size() > 0) << "the opening's tick drew the pre-queue and let the first in";
  // What each fan of the pre-queue is told at the opening.
  const auto told_at = clock_.now_ms();
  std::map<std::int64_t, std::int64_t> told;  // user -> wait in seconds
  for (std::int64_t u = 1; u <= kBefore; ++u) {
    const auto v = view(u);
    if (v.place && v.place->state == core::QueueEntryState::kWaiting) told[u] = v.wait_seconds;
  }
  // After it: 5,000 more at 100 a second, in a known order, then the line empties.
  std::vector<std::int64_t> arrivals;
  std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> told_on_joining;  // user -> (when, wait s)
  while (user < kBefore + kAfter) {
    for (int k = 0; k < 25; ++k) {
      arrivals.push_back(++user);
      const auto v = join(user);
      if (v.wait_seconds >= 0) told_on_joining[user] = {clock_.now_ms(), v.wait_seconds};
    }
    tick();
  }
  for (int guard = 0; queues_.admitted.size() < kBefore + kAfter && guard < 10'000; ++guard) tick();
  ASSERT_EQ(queues_.admitted.size(), static_cast<std::size_t>(kBefore + kAfter)) << "everyone was let in";

  std::map<std::int64_t, std::size_t> admitted_as;  // user -> place in the admission order
  std::map<std::int64_t, std::int64_t> admitted_at;
  for (std::size_t i = 0; i < queues_.admitted.size(); ++i) {
    admitted_as[queues_.admitted[i].user_id] = i;
    admitted_at[queues_.admitted[i].user_id] = queues_.admitted[i].admitted_at_ms;
  }

  // The pre-queue went first, in exactly the order the published seed gives.
  auto draw = run_task(room_.published_draw("on-sale-day"));
  ASSERT_TRUE(draw.ok());
  EXPECT_EQ(core::draw_commitment(draw->seed), draw->commitment);
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < kBefore; ++i) ids.push_back(queues_.admitted[i].id);
  auto sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(core::draw_order(draw->seed, sorted), ids) << "anyone can recompute the order from the seed";
  EXPECT_EQ(draw->order, ids);
  for (std::size_t i = 0; i < kBefore; ++i) EXPECT_LE(queues_.admitted[i].user_id, kBefore);

  // Later fans in order of arrival.
  std::vector<std::size_t> ranks;
  for (auto u : arrivals) ranks.push_back(admitted_as.at(u));
  EXPECT_GE(kendall_tau(ranks), 0.999);

  // At the room's rate, within 2 %, over the minute and a half the line was never empty.
  const auto first = queues_.admitted.front().admitted_at_ms;
  const auto from = first + 5'000, to = first + 95'000;
  const auto in_window = std::count_if(queues_.admitted.begin(), queues_.admitted.end(), [&](const auto& e) {
    return e.admitted_at_ms > from && e.admitted_at_ms <= to;
  });
  EXPECT_NEAR(static_cast<double>(in_window), kPerMinute * 1.5, kPerMinute * 1.5 * 0.02);

  // Honest waits: 90 % of those told at the opening were let in within 15 % of what they were told.
  int close = 0;
  for (const auto& [u, seconds] : told) {
    const double actual = static_cast<double>(admitted_at.at(u) - told_at) / 1000.0;
    if (std::abs(static_cast<double>(seconds) - actual) <= 0.15 * std::max(actual, 1.0)) ++close;
  }
  ASSERT_GT(told.size(), 4'000u);
  EXPECT_GE(close, static_cast<int>(told.size() * 9 / 10)) << close << " of " << told.size();
  // And so were those who came after the opening, told on joining (from the rate measured since
  // the opening: a minute's count read ten seconds in had promised waits six times too long).
  int close_later = 0;
  for (const auto& [u, told_when] : told_on_joining) {
    const double actual = static_cast<double>(admitted_at.at(u) - told_when.first) / 1000.0;
    if (std::abs(static_cast<double>(told_when.second) - actual) <= 0.15 * std::max(actual, 1.0)) ++close_later;
  }
  ASSERT_GT(told_on_joining.size(), 4'000u);
  EXPECT_GE(close_later, static_cast<int>(told_on_joining.size() * 9 / 10))
      << close_later << " of " << told_on_joining.size();
}

// Fans let in buy in three seconds, or do nothing and are let go: never more than maxActive
// shopping at once (1 % allowed), and everyone is let in in the end.
TEST_F(WaitingRoomSimulation, NeverMoreThanMaxActiveShopAtOnce) {
  constexpr int kFans = 3'000, kMaxActive = 200;
  open_room(6'000, kMaxActive);
  for (std::int64_t u = 1; u <= kFans; ++u) join(u);
  while (clock_.now_ms() < opens_ms_) tick();
  std::size_t seen = 0;
  std::multimap<std::int64_t, std::int64_t> buys;  // when -> user
  int most = 0;
  for (int guard = 0; guard < 20'000 && (queues_.admitted.size() < kFans || !buys.empty()); ++guard) {
    tick();
    for (; seen < queues_.admitted.size(); ++seen) {
      const auto& e = queues_.admitted[seen];
      if (e.user_id % 3 != 0) buys.emplace(clock_.now_ms() + 3'000, e.user_id);  // a third do nothing
    }
    while (!buys.empty() && buys.begin()->first <= clock_.now_ms()) {
      run_task(room_.finished(event_id_, buys.begin()->second));
      buys.erase(buys.begin());
    }
    const auto c = run_task(room_.control(event_id_));
    ASSERT_TRUE(c.ok());
    most = std::max(most, c->room.active);
  }
  EXPECT_EQ(queues_.admitted.size(), static_cast<std::size_t>(kFans));
  EXPECT_LE(most, kMaxActive + kMaxActive / 100);
  EXPECT_GE(most, kMaxActive * 9 / 10) << "the cap was reached, so the test says something";
}

// Issue 32, item 4: joins are limited per client address, generously (a stadium's Wi-Fi), and a
// fan asking again for their own place is never refused.
TEST_F(WaitingRoomSimulation, NewPlacesAreLimitedPerAddress) {
  open_room(600, 1'000);
  const std::string farm = "203.0.113.9";
  for (std::int64_t u = 1; u <= static_cast<std::int64_t>(WaitingRoom::kJoinBurst); ++u) {
    ASSERT_TRUE(run_task(room_.join(u, "on-sale-day", session_of(u), farm)).ok()) << u;
  }
  auto refused = run_task(room_.join(999, "on-sale-day", session_of(999), farm));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "too_many_joins");
  EXPECT_GE(refused.error().retry_after_seconds, 1);
  EXPECT_TRUE(run_task(room_.join(1, "on-sale-day", session_of(1), farm)).ok()) << "one's own place, again";
  EXPECT_TRUE(run_task(room_.join(999, "on-sale-day", session_of(999), "198.51.100.7")).ok());
  clock_.advance_ms(1'000);
  EXPECT_TRUE(run_task(room_.join(1'000, "on-sale-day", session_of(1'000), farm)).ok()) << "one a second after";
}

}  // namespace
}  // namespace tw::services
