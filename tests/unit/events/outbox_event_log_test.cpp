// OutboxEventLog over a fake outbox whose rows the test places, gaps included.
#include "events/outbox_event_log.h"

#include <gtest/gtest.h>

#include <map>

#include "app/run_task.h"

namespace tw::events {
namespace {
using app::run_task;

class PlacedOutbox final : public store::OutboxStore {
 public:
  std::vector<core::OutboxRow> rows;
  std::map<std::string, std::int64_t> offsets;

  void add(std::int64_t sequence, std::int64_t at_ms) {
    rows.push_back({sequence, "id-" + std::to_string(sequence), "seat_locked", "k", "{}", at_ms});
  }
  Task<core::Result<std::vector<core::OutboxRow>>> outbox_after(std::int64_t sequence, int limit) override {
    std::vector<core::OutboxRow> out;
    for (const auto& r : rows) {
      if (r.sequence > sequence && static_cast<int>(out.size()) < limit) out.push_back(r);
    }
    co_return out;
  }
  Task<core::Result<std::int64_t>> last_sequence() override { co_return rows.empty() ? 0 : rows.back().sequence; }
  Task<core::Result<std::int64_t>> consumer_offset(std::string consumer) override { co_return offsets[consumer]; }
  Task<core::Status> commit_offset(std::string consumer, std::int64_t sequence, std::int64_t) override {
    offsets[consumer] = std::max(offsets[consumer], sequence);
    co_return core::Ok{};
  }
  Task<core::Status> rewind_offset(std::string consumer, std::int64_t sequence, std::int64_t) override {
    offsets[consumer] = std::min(offsets[consumer], sequence);
    co_return core::Ok{};
  }
};

std::vector<std::int64_t> sequences(const std::vector<LoggedEvent>& events) {
  std::vector<std::int64_t> out;
  for (const auto& e : events) out.push_back(e.sequence);
  return out;
}

class OutboxEventLogTest : public ::testing::Test {
 protected:
  OutboxEventLogTest() { clock_.advance_ms(1'000'000); }
  std::vector<std::int64_t> read(const std::string& consumer, int limit = 100) {
    return sequences(run_task(log_.read(consumer, limit)).value());
  }
  core::ManualClock clock_;
  PlacedOutbox outbox_;
  OutboxEventLog log_{outbox_, clock_};
};

TEST_F(OutboxEventLogTest, AConsumerReadsInOrderFromItsOffsetAndCommitsWhenDone) {
  for (int s = 1; s <= 5; ++s) outbox_.add(s, clock_.now_ms());
  EXPECT_EQ(read("audit", 3), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(read("audit", 3), (std::vector<std::int64_t>{1, 2, 3})) << "nothing committed: read again";
  ASSERT_TRUE(run_task(log_.commit("audit", 3)).ok());
  EXPECT_EQ(read("audit"), (std::vector<std::int64_t>{4, 5}));
  EXPECT_EQ(read("stats"), (std::vector<std::int64_t>{1, 2, 3, 4, 5})) << "each consumer has its own offset";
  const auto at = run_task(log_.position("audit")).value();
  EXPECT_EQ(at.offset, 3);
  EXPECT_EQ(at.last_sequence, 5);
  EXPECT_EQ(at.lag(), 2);
}

TEST_F(OutboxEventLogTest, AYoungGapIsWaitedForAndAnOldOneIsPassed) {
  outbox_.add(1, clock_.now_ms());
  outbox_.add(3, clock_.now_ms());  // 2 taken by a transaction that has not committed (yet)
  EXPECT_EQ(read("audit"), (std::vector<std::int64_t>{1})) << "2 may still commit";
  outbox_.rows.insert(outbox_.rows.begin() + 1, {2, "id-2", "seat_locked", "k", "{}", clock_.now_ms()});
  EXPECT_EQ(read("audit"), (std::vector<std::int64_t>{1, 2, 3})) << "it did";
  ASSERT_TRUE(run_task(log_.commit("audit", 3)).ok());
  outbox_.add(5, clock_.now_ms());  // 4 rolled back: never comes
  EXPECT_TRUE(read("audit").empty());
  clock_.advance_ms(5'000);
  EXPECT_EQ(read("audit"), (std::vector<std::int64_t>{5})) << "past the grace, the hole is a rollback";
}

// A server started after a crash finds rows written long ago, with a sequence missing among them:
// the transaction that took it may still be committing (a killed client's last COMMIT, a backend
// slowed down), so the grace runs from when the gap was first seen, not from the rows' age.
TEST_F(OutboxEventLogTest, AGapFoundAmongOldRowsIsStillWaitedFor) {
  outbox_.add(1, clock_.now_ms() - 60'000);
  outbox_.add(3, clock_.now_ms() - 60'000);
  EXPECT_EQ(read("audit"), (std::vector<std::int64_t>{1})) << "2 may still commit";
  clock_.advance_ms(2'000);
  outbox_.rows.insert(outbox_.rows.begin() + 1, {2, "id-2", "seat_locked", "k", "{}", clock_.now_ms() - 60'000});
  EXPECT_EQ(read("audit"), (std::vector<std::int64_t>{1, 2, 3})) << "it did, and nothing was skipped";
  ASSERT_TRUE(run_task(log_.commit("audit", 3)).ok());
  outbox_.add(5, clock_.now_ms() - 60'000);  // 4 never comes
  EXPECT_TRUE(read("audit").empty());
  clock_.advance_ms(5'000);
  EXPECT_EQ(read("audit"), (std::vector<std::int64_t>{5})) << "seen missing for the whole grace: passed";
}

}  // namespace
}  // namespace tw::events
