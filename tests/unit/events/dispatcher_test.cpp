// The dispatcher over an event log and consumers the test controls: order, separate offsets,
// back-off, at-least-once after a failed commit, and events this build cannot read.
#include "events/dispatcher.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "app/run_task.h"
#include "events/event_codec.h"
#include "support/memory_stores.h"

namespace tw::events {
namespace {
using app::run_task;
using Outcome = Round::Outcome;
using std::chrono::milliseconds;

class ListedLog final : public EventLog {
 public:
  std::vector<LoggedEvent> events;
  std::map<std::string, std::int64_t> offsets;
  bool fail_commits = false;

  void add(std::string type, std::string payload) {
    const auto seq = static_cast<std::int64_t>(events.size()) + 1;
    events.push_back({seq, "id-" + std::to_string(seq), std::move(type), "k", std::move(payload), seq});
  }
  void add_seat(int n) {
    auto m = to_outbox_message(SeatLocked{1, "A-" + std::to_string(n), 7, "h", 0});
    add(m.type, m.payload);
  }
  Task<core::Result<std::vector<LoggedEvent>>> read(std::string consumer, int limit) override {
    std::vector<LoggedEvent> out;
    for (const auto& e : events) {
      if (e.sequence > offsets[consumer] && static_cast<int>(out.size()) < limit) out.push_back(e);
    }
    co_return out;
  }
  Task<core::Status> commit(std::string consumer, std::int64_t sequence) override {
    if (fail_commits) co_return core::unavailable("db_down", "the database is down");
    offsets[consumer] = std::max(offsets[consumer], sequence);
    co_return core::Ok{};
  }
  Task<core::Status> rewind(std::string consumer, std::int64_t sequence) override {
    offsets[consumer] = std::min(offsets[consumer], sequence);
    co_return core::Ok{};
  }
  Task<core::Result<ConsumerPosition>> position(std::string consumer) override {
    co_return ConsumerPosition{offsets[consumer], events.empty() ? 0 : events.back().sequence};
  }
};

class Recorder final : public Consumer {
 public:
  explicit Recorder(std::string name) : name_(std::move(name)) {}
  std::string_view name() const override { return name_; }
  Task<core::Status> handle(const std::vector<DecodedEvent>& batch) override {
    ++calls;
    if (failures_left > 0) {
      --failures_left;
      co_return core::unavailable("mail_down", "the mail server is down");
    }
    for (const auto& e : batch) seen.push_back(e.logged.sequence);
    co_return core::Ok{};
  }
  std::vector<std::int64_t> seen;
  int calls = 0;
  int failures_left = 0;

 private:
  std::string name_;
};

class DispatcherTest : public ::testing::Test {
 protected:
  static DispatcherOptions small_batches() {
    DispatcherOptions o;
    o.batch = 3;
    return o;
  }
  DispatcherTest() {
    dispatcher_.add(audit_);
    dispatcher_.add(receipts_);
  }
  Round round(Consumer& c) { return run_task(dispatcher_.round(c)); }
  ConsumerStatus status_of(std::string_view name) {
    const auto all = run_task(dispatcher_.status()).value();
    for (const auto& s : all) {
      if (s.name == name) return s;
    }
    ADD_FAILURE() << "no consumer " << name;
    return {};
  }

  core::ManualClock clock_;
  ListedLog log_;
  DispatcherOptions options_ = small_batches();
  Dispatcher dispatcher_{log_, clock_, options_};
  Recorder audit_{"audit"};
  Recorder receipts_{"receipts"};
};

TEST_F(DispatcherTest, EachConsumerGetsTheLogInOrderFromItsOwnOffsetInBatches) {
  for (int i = 1; i <= 5; ++i) log_.add_seat(i);
  auto r = round(audit_);
  EXPECT_EQ(r.outcome, Outcome::kHandled);
  EXPECT_EQ(r.events, 3) << "the batch size";
  EXPECT_EQ(r.wait, milliseconds(0)) << "more may be waiting: no pause";
  EXPECT_EQ(round(audit_).events, 2);
  EXPECT_EQ(round(audit_).outcome, Outcome::kIdle);
  EXPECT_EQ(audit_.seen, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(receipts_.seen.empty());
  EXPECT_EQ(status_of("audit").position.lag(), 0);
  EXPECT_EQ(status_of("audit").handled, 5);
  EXPECT_EQ(status_of("receipts").position.lag(), 5) << "one consumer's progress is not another's";
}

TEST_F(DispatcherTest, AFailingConsumerGetsTheSameEventsAfterABackOffAndHoldsUpNoOther) {
  for (int i = 1; i <= 2; ++i) log_.add_seat(i);
  receipts_.failures_left = 2;
  auto first = round(receipts_);
  EXPECT_EQ(first.outcome, Outcome::kFailed);
  EXPECT_EQ(first.wait, options_.first_retry);
  EXPECT_EQ(round(audit_).events, 2) << "the other consumer goes on";
  EXPECT_EQ(round(receipts_).wait, options_.first_retry * 2) << "waits double";
  auto failing = status_of("receipts");
  EXPECT_EQ(failing.failures, 2);
  EXPECT_EQ(failing.last_error, "the mail server is down");
  EXPECT_EQ(failing.retry_at_ms, clock_.now_ms() + 2 * options_.first_retry.count());
  EXPECT_EQ(failing.position.lag(), 2) << "nothing committed while failing";
  EXPECT_EQ(round(receipts_).outcome, Outcome::kHandled);
  EXPECT_EQ(receipts_.seen, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(receipts_.calls, 3);
  auto healthy = status_of("receipts");
  EXPECT_EQ(healthy.failures, 0);
  EXPECT_EQ(healthy.position.lag(), 0);
  EXPECT_EQ(healthy.last_error, "the mail server is down") << "kept for the operator after recovery";
}

TEST_F(DispatcherTest, ACommitThatFailsHandsTheSameEventsOverAgain) {
  log_.add_seat(1);
  log_.fail_commits = true;
  EXPECT_EQ(round(audit_).outcome, Outcome::kFailed);
  log_.fail_commits = false;
  EXPECT_EQ(round(audit_).outcome, Outcome::kHandled);
  EXPECT_EQ(audit_.seen, (std::vector<std::int64_t>{1, 1})) << "at least once: consumers must be idempotent";
}

TEST(RetryDelay, DoublesFromTheFirstWaitUpToTheLongest) {
  DispatcherOptions o;
  o.first_retry = milliseconds(100);
  o.max_retry = milliseconds(1'000);
  EXPECT_EQ(retry_delay(1, o), milliseconds(100));
  EXPECT_EQ(retry_delay(2, o), milliseconds(200));
  EXPECT_EQ(retry_delay(4, o), milliseconds(800));
  EXPECT_EQ(retry_delay(5, o), milliseconds(1'000));
  EXPECT_EQ(retry_delay(1'000'000, o), milliseconds(1'000)) << "no overflow after days of failing";
}

TEST_F(DispatcherTest, AnEventOfANewerBuildStopsTheConsumerButOneNoBuildCanReadIsPassedOver) {
  log_.add_seat(1);
  log_.add("seat_locked", "{\"eventId\":1}");  // no version: no build reads it
  log_.add_seat(3);
  log_.add("seat_locked", R"({"v":2,"eventId":1,"seatId":"A","userId":1,"holdId":"h","expiresAtMs":1})");
  log_.add_seat(5);
  options_.batch = 10;
  Dispatcher dispatcher(log_, clock_, options_);
  Recorder stats("stats");
  dispatcher.add(stats);
  auto r = run_task(dispatcher.round(stats));
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(stats.seen, (std::vector<std::int64_t>{1, 3})) << "handled up to the newer event";
  EXPECT_EQ(log_.offsets["stats"], 3) << "the unreadable one is passed over, the newer one is not";
  EXPECT_EQ(run_task(dispatcher.round(stats)).outcome, Outcome::kFailed) << "it waits for a build that reads it";
  EXPECT_EQ(log_.offsets["stats"], 3);
  EXPECT_EQ(stats.seen, (std::vector<std::int64_t>{1, 3}));
}

// A consumer that cannot handle one event (say, a receipt for a ticket it cannot find).
class Picky final : public Consumer {
 public:
  std::string_view name() const override { return "receipts"; }
  Task<core::Status> handle(const std::vector<DecodedEvent>& batch) override {
    for (const auto& e : batch) {
      if (e.logged.sequence == bad) co_return core::not_found("ticket_not_found", "No such ticket");
      if (outage) co_return core::unavailable("mail_down", "the mail server is down");
      seen.insert(e.logged.sequence);
    }
    co_return core::Ok{};
  }
  std::int64_t bad = 0;
  bool outage = false;
  std::set<std::int64_t> seen;
};

class DeadLetters : public ::testing::Test {
 protected:
  DeadLetters() {
    for (int i = 1; i <= 6; ++i) log_.add_seat(i);
    dispatcher_.add(picky_);
  }
  static DispatcherOptions options() {
    DispatcherOptions o;
    o.batch = 10;
    o.max_attempts = 3;
    return o;
  }
  // Rounds until the consumer is idle (or `most` rounds).
  int rounds_until_idle(int most = 50) {
    for (int i = 1; i <= most; ++i) {
      if (run_task(dispatcher_.round(picky_)).outcome == Outcome::kIdle) return i;
    }
    return most;
  }
  std::vector<core::DeadLetter> letters() { return run_task(dispatcher_.dead_letters({})).value(); }

  core::ManualClock clock_;
  ListedLog log_;
  store::Stores stores_ = testing::memory_stores(clock_);
  Dispatcher dispatcher_{log_, clock_, options(), stores_.dead_letters.get()};
  Picky picky_;
};

// Issue 30, item 1: a receipt that failed with "No such ticket" was offered again for ever, and
// every later receipt waited behind it (356 events behind, across restarts).
TEST_F(DeadLetters, AnEventThatKeepsFailingIsSetAsideAndTheOthersGoOn) {
  picky_.bad = 3;
  EXPECT_LT(rounds_until_idle(), 50);
  EXPECT_EQ(picky_.seen, (std::set<std::int64_t>{1, 2, 4, 5, 6})) << "the events after it were handled";
  const auto set_aside = letters();
  ASSERT_EQ(set_aside.size(), 1u);
  EXPECT_EQ(set_aside[0].sequence, 3);
  EXPECT_EQ(set_aside[0].consumer, "receipts");
  EXPECT_EQ(set_aside[0].event_id, "id-3");
  EXPECT_EQ(set_aside[0].last_error, "No such ticket");
  EXPECT_EQ(set_aside[0].attempts, 3);
  EXPECT_EQ(set_aside[0].state, core::DeadLetterState::kOpen);
  const auto status = run_task(dispatcher_.status()).value().at(0);
  EXPECT_EQ(status.position.lag(), 0);
  EXPECT_EQ(status.dead_letters, 1);
  EXPECT_EQ(status.failures, 0);

  auto still = run_task(dispatcher_.retry_dead_letter(set_aside[0].id));
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->state, core::DeadLetterState::kOpen) << "still failing";
  EXPECT_EQ(still->attempts, 4);
  picky_.bad = 0;  // the cause is fixed
  auto fixed = run_task(dispatcher_.retry_dead_letter(set_aside[0].id));
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->state, core::DeadLetterState::kResolved);
  EXPECT_TRUE(picky_.seen.contains(3));
  EXPECT_EQ(run_task(dispatcher_.status()).value().at(0).dead_letters, 0);
  EXPECT_EQ(run_task(dispatcher_.retry_dead_letter(set_aside[0].id)).error().code, "dead_letter_closed");
  EXPECT_EQ(run_task(dispatcher_.retry_dead_letter(999)).error().code, "dead_letter_not_found");
}

TEST_F(DeadLetters, AnAdminMayDismissOne) {
  picky_.bad = 2;
  rounds_until_idle();
  ASSERT_EQ(letters().size(), 1u);
  auto dismissed = run_task(dispatcher_.dismiss_dead_letter(letters()[0].id));
  ASSERT_TRUE(dismissed.ok());
  EXPECT_EQ(dismissed->state, core::DeadLetterState::kDismissed);
  EXPECT_FALSE(picky_.seen.contains(2));
  core::DeadLetterQuery open;
  open.state = core::DeadLetterState::kOpen;
  EXPECT_TRUE(run_task(dispatcher_.dead_letters(open))->empty());
}

TEST_F(DeadLetters, AnOutageIsWaitedOutNotSetAside) {
  picky_.outage = true;
  for (int i = 0; i < 20; ++i) EXPECT_EQ(run_task(dispatcher_.round(picky_)).outcome, Outcome::kFailed);
  EXPECT_TRUE(letters().empty()) << "the mail server being away is no event's fault";
  picky_.outage = false;
  rounds_until_idle();
  EXPECT_EQ(picky_.seen.size(), 6u);
}

}  // namespace
}  // namespace tw::events
