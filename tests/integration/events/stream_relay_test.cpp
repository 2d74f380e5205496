// The Redis Streams adapters on a real Redis, over the outbox of a real SQLite store: the relay
// copies the outbox into the streams once however often it is offered, a consumer group reads
// them in order and acknowledges, the upkeep stores the floor every group acknowledged and trims
// below it (a replay from before it is refused), and a Redis that lost the streams is filled
// again from the floor, so nothing unacknowledged is lost.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/run_task.h"
#include "async/worker_pool.h"
#include "core/venue_layouts.h"
#include "events/dispatcher.h"
#include "events/event_codec.h"
#include "events/outbox_event_log.h"
#include "events/redis_streams.h"
#include "events/stream_event_log.h"
#include "events/stream_relay.h"
#include "store/sqlite/sqlite_stores.h"
#include "support/redis_instance.h"
#include "support/server_process.h"

namespace tw::events {
namespace {
using app::run_task;

class StreamRelayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::open_sqlite(dir_ + "/t.db", pool_, clock_);
    ASSERT_TRUE(s.ok());
    stores_ = std::move(s).value();
    ASSERT_TRUE(run_task(stores_.database->migrate()).ok());
    ASSERT_TRUE(redis_.wait_connected(10'000));
    outbox_ =
        std::make_unique<OutboxEventLog>(*stores_.outbox, clock_, OutboxEventLogOptions{.gap_grace_ms = 0});
    relay_ = std::make_unique<StreamRelay>(
        redis_, *outbox_,
        StreamRelayOptions{prefix_, "server-a", std::chrono::milliseconds(5'000), {"audit"}, 0});
    relay_dispatcher_ = std::make_unique<Dispatcher>(*outbox_, clock_);
    relay_dispatcher_->add(*relay_);
    log_ = std::make_unique<StreamEventLog>(
        redis_, *outbox_, StreamEventLogOptions{prefix_, "server-a", std::chrono::milliseconds(60'000)});
  }
  void TearDown() override {
    log_.reset();
    relay_dispatcher_.reset();
    relay_.reset();
    outbox_.reset();
    stores_ = {};
    std::filesystem::remove_all(dir_);
  }
  // Ten seat_locked events in the outbox, sequences 1 to 10.
  void write_outbox() {
    auto user =
        run_task(stores_.accounts->create_user({"a@example.test", "A", "hash", core::Role::kUser})).value();
    core::EventDraft d;
    d.slug = "show";
    d.name = d.artist = d.venue = "x";
    d.color = "#000000";
    d.starts_at = core::parse_iso8601("2027-01-01T10:00:00Z").value();
    auto event = run_task(stores_.events->create_event(d, core::stadium_layout())).value();
    std::vector<core::OutboxMessage> messages;
    for (int i = 1; i <= 10; ++i)
      messages.push_back(
          to_outbox_message(SeatLocked{event.id, "VIP-A-" + std::to_string(i), user.id, "h1", 0}));
    core::HoldRecord h{"h1", event.id, user.id, {"VIP-A-1"}, core::HoldStatus::kActive, 0, 1000, 600'000};
    ASSERT_TRUE(run_task(stores_.booking->insert_hold(h, std::move(messages))).ok());
  }
  std::vector<std::int64_t> sequences(const std::vector<LoggedEvent>& events) {
    std::vector<std::int64_t> out;
    for (const auto& e : events) out.push_back(e.sequence);
    return out;
  }
  std::int64_t stream_length() {
    auto r = run_task(redis_.command({"XLEN", stream_key(prefix_, "seat_locked")}));
    return r.ok() ? r->integer : -1;
  }

  std::string dir_ = testing::make_temp_dir();
  core::SystemClock clock_;
  WorkerPool pool_{2};
  store::Stores stores_;
  std::string prefix_ = testing::RedisInstance::shared().new_prefix() + ":";
  redis::RedisConnection redis_{"127.0.0.1", testing::RedisInstance::shared().port(), 0};
  std::unique_ptr<OutboxEventLog> outbox_;
  std::unique_ptr<StreamRelay> relay_;
  std::unique_ptr<Dispatcher> relay_dispatcher_;
  std::unique_ptr<StreamEventLog> log_;
  Round round() { return run_task(relay_dispatcher_->round(*relay_)); }
};

TEST_F(StreamRelayTest, TheOutboxIsCopiedOnceAndReadInOrderThroughTheGroup) {
  write_outbox();
  EXPECT_EQ(round().events, 10);
  ASSERT_TRUE(run_task(outbox_->rewind("relay", 0)).ok());  // as a second relay after a crash would
  EXPECT_EQ(round().events, 10);
  EXPECT_EQ(stream_length(), 10) << "copied twice, there once";

  auto first = run_task(log_->read("audit", 4)).value();
  EXPECT_EQ(sequences(first), (std::vector<std::int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(run_task(log_->read("audit", 4)).value().size(), 4u) << "not acknowledged: handed over again";
  ASSERT_TRUE(run_task(log_->commit("audit", 4)).ok());
  EXPECT_EQ(sequences(run_task(log_->read("audit", 3)).value()), (std::vector<std::int64_t>{5, 6, 7}));
  const auto at = run_task(log_->position("audit")).value();
  EXPECT_EQ(at.last_sequence, 10);
  EXPECT_EQ(at.lag(), 6) << "5 to 7 pending, 8 to 10 unread";
}

TEST_F(StreamRelayTest, TheUpkeepTrimsWhatEveryGroupAcknowledgedAndRefusesAReplayFromBeforeIt) {
  write_outbox();
  round();
  ASSERT_EQ(run_task(log_->read("audit", 6)).value().size(), 6u);
  ASSERT_TRUE(run_task(log_->commit("audit", 4)).ok());  // 5 and 6 stay pending
  ASSERT_TRUE(run_task(relay_->upkeep()).ok());
  EXPECT_EQ(run_task(outbox_->position("streams-floor")).value().offset, 4);
  EXPECT_EQ(stream_length(), 6) << "1 to 4 trimmed (nothing kept behind the floor here)";
  auto too_old = run_task(log_->rewind("audit", 2));
  ASSERT_FALSE(too_old.ok());
  EXPECT_EQ(too_old.error().code, "replay_too_old");
  EXPECT_TRUE(run_task(log_->rewind("audit", 4)).ok());
}

TEST_F(StreamRelayTest, WhatARedisThatLostTheStreamsHeldIsCopiedAgainFromTheFloor) {
  write_outbox();
  round();
  ASSERT_EQ(run_task(log_->read("audit", 6)).value().size(), 6u);
  ASSERT_TRUE(run_task(log_->commit("audit", 4)).ok());
  ASSERT_TRUE(run_task(relay_->upkeep()).ok());  // floor 4 stored

  std::vector<std::string> wipe{"DEL", stream_key(prefix_, "seat_locked"), relayed_key(prefix_)};
  ASSERT_TRUE(run_task(redis_.command(std::move(wipe))).ok());  // as a restart without persistence
  ASSERT_TRUE(run_task(relay_->upkeep()).ok());
  EXPECT_EQ(run_task(outbox_->position("relay")).value().offset, 4) << "back to the floor";
  EXPECT_EQ(round().events, 6);
  EXPECT_EQ(sequences(run_task(log_->read("audit", 10)).value()),
            (std::vector<std::int64_t>{5, 6, 7, 8, 9, 10}))
      << "the two that were pending and the four unread, none lost";
}

}  // namespace
}  // namespace tw::events
