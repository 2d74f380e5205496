// The AttemptRecords contract, run on both adapters: MemoryAttemptRecords and
// RedisAttemptRecords on a real redis-server (one per test binary, a key prefix per test). Then
// what only the shared records must meet: counts from several instances at once, none lost, and
// records that Redis forgets by itself.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <future>
#include <memory>

#include "app/run_task.h"
#include "auth/memory_attempt_records.h"
#include "auth/redis_attempt_records.h"
#include "auth/sign_in_guard.h"
#include "support/redis_instance.h"

namespace tw::auth {
namespace {
using app::run_task;
using testing::RedisInstance;

class AttemptRecordsContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "redis") {
      url_ = RedisInstance::shared().url(RedisInstance::shared().new_prefix());
      records_ = testing::connected<RedisAttemptRecords>(url_);
    } else {
      records_ = std::make_unique<MemoryAttemptRecords>();
    }
  }
  Attempts add(const std::string& key, std::int64_t now, std::int64_t window = 1000) {
    auto a = run_task(records_->add(key, now, window, 60'000));
    EXPECT_TRUE(a.ok()) << (a.ok() ? "" : a.error().message);
    return a.ok() ? *a : Attempts{};
  }
  Attempts read(const std::string& key) { return run_task(records_->read(key)).value(); }
  bool knows(const std::string& account, const std::string& address) {
    return run_task(records_->knows(account, address)).value();
  }

  std::string url_;
  std::unique_ptr<AttemptRecords> records_;
};

TEST_P(AttemptRecordsContract, CountsWithinAWindowAndStartsOverAfterIt) {
  EXPECT_EQ(read("k").count, 0);
  EXPECT_EQ(add("k", 1'764'000'000'000).count, 1);
  const auto second = add("k", 1'764'000'000'999);
  EXPECT_EQ(second.count, 2);
  EXPECT_EQ(second.first_ms, 1'764'000'000'000);
  EXPECT_EQ(second.last_ms, 1'764'000'000'999);
  const auto read_back = read("k");
  EXPECT_EQ(read_back.count, 2);
  EXPECT_EQ(read_back.first_ms, 1'764'000'000'000);
  EXPECT_EQ(read_back.last_ms, 1'764'000'000'999);
  const auto over = add("k", 1'764'000'001'000);
  EXPECT_EQ(over.count, 1) << "the window from the first attempt has passed";
  EXPECT_EQ(over.first_ms, 1'764'000'001'000);
  EXPECT_EQ(read("other").count, 0) << "keys are apart";
}

TEST_P(AttemptRecordsContract, AClearedKeyStartsFromNothing) {
  add("k", 1);
  add("k", 2);
  ASSERT_TRUE(run_task(records_->clear("k")).ok());
  EXPECT_EQ(read("k").count, 0);
  EXPECT_EQ(add("k", 3).count, 1);
  EXPECT_TRUE(run_task(records_->clear("never-counted")).ok());
}

TEST_P(AttemptRecordsContract, KnowsOnlyTheLatestAddressesOfAnAccount) {
  EXPECT_FALSE(knows("ada", "phone"));
  ASSERT_TRUE(run_task(records_->remember("ada", "phone", 1, 2)).ok());
  ASSERT_TRUE(run_task(records_->remember("ada", "laptop", 2, 2)).ok());
  ASSERT_TRUE(run_task(records_->remember("ada", "cafe", 3, 2)).ok());
  EXPECT_FALSE(knows("ada", "phone")) << "the oldest of three, two kept";
  EXPECT_TRUE(knows("ada", "laptop"));
  EXPECT_TRUE(knows("ada", "cafe"));
  EXPECT_FALSE(knows("bob", "cafe"));
}

TEST_P(AttemptRecordsContract, TheSignInPolicyHoldsOverTheseRecords) {
  core::ManualClock clock;
  clock.advance_ms(1'764'000'000'000);
  SignInGuard guard(*records_, clock);
  for (int i = 0; i < 6; ++i) run_task(guard.failed("victim@example.com", "10.0.0.1"));
  const auto wait = run_task(guard.wait_ms("victim@example.com", "10.0.0.1"));
  EXPECT_EQ(wait, 1000) << "one failure past the five free ones";
  EXPECT_EQ(run_task(guard.wait_ms("victim@example.com", "10.0.0.2")), 0);
  clock.advance_ms(1000);
  EXPECT_EQ(run_task(guard.wait_ms("victim@example.com", "10.0.0.1")), 0);
}

INSTANTIATE_TEST_SUITE_P(Adapters, AttemptRecordsContract, ::testing::Values("memory", "redis"),
                         [](const auto& info) { return info.param; });

// Several instances counting one key at the same moment: every attempt is counted once.
TEST(RedisAttemptRecords, CountsFromManyInstancesAtOnceAreNeverLost) {
  const auto url = RedisInstance::shared().url(RedisInstance::shared().new_prefix());
  auto first = testing::connected<RedisAttemptRecords>(url);
  auto second = testing::connected<RedisAttemptRecords>(url);
  boost::asio::thread_pool pool(4);
  // The count this attempt was given; 0 when it failed (co_spawn wants a plain result).
  const auto count_one = [](AttemptRecords& r, std::int64_t now) -> Task<int> {
    auto a = co_await r.add("k", now, 60'000, 60'000);
    co_return a ? a->count : 0;
  };
  std::vector<std::future<int>> adds;
  for (int i = 0; i < 200; ++i) {
    AttemptRecords& r = i % 2 == 0 ? *first : *second;
    adds.push_back(boost::asio::co_spawn(pool, count_one(r, 1'000 + i), boost::asio::use_future));
  }
  std::vector<bool> seen(201, false);
  for (auto& f : adds) {
    const int count = f.get();
    ASSERT_GE(count, 1);
    ASSERT_LE(count, 200);
    EXPECT_FALSE(seen[count]) << "two attempts were both counted as number " << count;
    seen[count] = true;
  }
  EXPECT_EQ(run_task(first->read("k"))->count, 200);
}

TEST(RedisAttemptRecords, RedisForgetsARecordAfterItsKeepTime) {
  auto& redis = RedisInstance::shared();
  const auto url = redis.url(redis.new_prefix());
  auto records = testing::connected<RedisAttemptRecords>(url);
  ASSERT_TRUE(run_task(records->add("k", 1, 1000, 120'000)).ok());
  const auto ttl = std::stoll(redis.cli("PTTL " + redis::parse_redis_url(url)->prefix + "signin:k"));
  EXPECT_GT(ttl, 100'000);
  EXPECT_LE(ttl, 120'000);
}

TEST(RedisAttemptRecords, ARedisThatIsGoneIsAnErrorAndTheGuardLetsTheAttemptThrough) {
  auto records = std::make_unique<RedisAttemptRecords>(redis::RedisAddress{"127.0.0.1", 1, 0, "tw:"});
  auto read = run_task(records->read("k"));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().kind, core::ErrorKind::kUnavailable);
  core::ManualClock clock;
  SignInGuard guard(*records, clock);
  for (int i = 0; i < 10; ++i) run_task(guard.failed("someone", "10.0.0.3"));
  EXPECT_EQ(run_task(guard.wait_ms("someone", "10.0.0.3")), 0);
  EXPECT_EQ(run_task(guard.sign_up_wait_ms("10.0.0.3")), 0);
}

}  // namespace
}  // namespace tw::auth
