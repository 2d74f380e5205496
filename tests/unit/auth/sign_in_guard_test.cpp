// The sign-in policy over AttemptRecords in memory (the same policy over Redis is tested in
// tests/integration/auth/attempt_records_test.cpp and, across two servers, in the cluster suite).
#include "auth/sign_in_guard.h"

#include <gtest/gtest.h>

#include "app/run_task.h"
#include "auth/memory_attempt_records.h"

namespace tw::auth {
namespace {
using app::run_task;

class Guard {
 public:
  explicit Guard(core::ManualClock& clock) : guard_(records_, clock) {}
  std::int64_t wait(const std::string& account, const std::string& address) {
    return run_task(guard_.wait_ms(account, address));
  }
  void failed(const std::string& account, const std::string& address) { run_task(guard_.failed(account, address)); }
  void succeeded(const std::string& account, const std::string& address) {
    run_task(guard_.succeeded(account, address));
  }
  std::int64_t sign_up(const std::string& address) { return run_task(guard_.sign_up_wait_ms(address)); }
  SignInGuard& guard() { return guard_; }

 private:
  MemoryAttemptRecords records_;
  SignInGuard guard_;
};
}  // namespace

TEST(SignInGuard, APairIsSlowedAfterFiveFailuresAndNobodyElseIs) {
  core::ManualClock clock;
  Guard g(clock);
  for (int i = 0; i < 5; ++i) g.failed("victim", "attacker");
  EXPECT_EQ(g.wait("victim", "attacker"), 0) << "five free failures";
  g.failed("victim", "attacker");
  EXPECT_GT(g.wait("victim", "attacker"), 0);
  EXPECT_EQ(g.wait("victim", "home"), 0) << "the owner elsewhere";
  EXPECT_EQ(g.wait("neighbour", "attacker"), 0) << "others behind the same address";
}

TEST(SignInGuard, AnAddressIsSlowedOnlyAfterManyFailures) {
  core::ManualClock clock;
  Guard g(clock);
  for (int i = 0; i < 100; ++i) g.failed("account-" + std::to_string(i), "nat");
  EXPECT_EQ(g.wait("someone", "nat"), 0);
  g.failed("account-x", "nat");
  EXPECT_GT(g.wait("someone", "nat"), 0);
}

TEST(SignInGuard, AnAccountIsSlowedWithACeilingExceptFromKnownAddresses) {
  core::ManualClock clock;
  Guard g(clock);
  g.succeeded("owner", "phone");
  for (int i = 0; i < 80; ++i) g.failed("owner", "bot-" + std::to_string(i));
  const auto wait = g.wait("owner", "new-place");
  EXPECT_GT(wait, 0);
  EXPECT_LE(wait, 30'000);
  EXPECT_EQ(g.wait("owner", "phone"), 0);
  clock.advance_ms(30'001);
  EXPECT_EQ(g.wait("owner", "new-place"), 0);
}

TEST(SignInGuard, ASuccessClearsThePair) {
  core::ManualClock clock;
  Guard g(clock);
  for (int i = 0; i < 6; ++i) g.failed("owner", "home");
  EXPECT_GT(g.wait("owner", "home"), 0);
  clock.advance_ms(g.wait("owner", "home"));
  g.succeeded("owner", "home");
  g.failed("owner", "home");
  EXPECT_EQ(g.wait("owner", "home"), 0) << "counting starts over";
}

TEST(SignInGuard, SignUpsPerAddressComeInAnHourlyAllowance) {
  core::ManualClock clock;
  Guard g(clock);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(g.sign_up("a"), 0);
  EXPECT_GT(g.sign_up("a"), 0);
  EXPECT_EQ(g.sign_up("b"), 0);
  clock.advance_ms(3'600'000);
  EXPECT_EQ(g.sign_up("a"), 0);
}

TEST(ThrottlePolicy, BacksOffAfterTheFreeFailuresUpToACap) {
  const ThrottlePolicy p{3, 60'000, 1000, 8000};
  EXPECT_EQ(throttle_wait_ms(p, {3, 0, 0}, 0), 0);
  EXPECT_EQ(throttle_wait_ms(p, {4, 0, 0}, 0), 1000);
  EXPECT_EQ(throttle_wait_ms(p, {5, 0, 0}, 0), 2000);
  EXPECT_EQ(throttle_wait_ms(p, {15, 0, 0}, 0), 8000) << "capped";
  EXPECT_EQ(throttle_wait_ms(p, {15, 0, 100}, 5000), 3100) << "counted from the last failure";
  EXPECT_EQ(throttle_wait_ms(p, {15, 0, 100}, 8100), 0);
}

TEST(MemoryAttemptRecords, ACountStartsOverAfterItsWindow) {
  MemoryAttemptRecords r;
  EXPECT_EQ(run_task(r.add("k", 0, 1000, 5000))->count, 1);
  EXPECT_EQ(run_task(r.add("k", 999, 1000, 5000))->count, 2);
  const auto after = run_task(r.add("k", 1000, 1000, 5000));
  EXPECT_EQ(after->count, 1);
  EXPECT_EQ(after->first_ms, 1000);
  EXPECT_TRUE(run_task(r.clear("k")).ok());
  EXPECT_EQ(run_task(r.read("k"))->count, 0);
}

// Issue 30, item 7: a device the account trusts is judged by its own failures only.
TEST(SignInGuard, ATrustedDeviceIsSlowedOnlyByItsOwnFailures) {
  core::ManualClock clock;
  Guard g(clock);
  run_task(g.guard().remember_device("owner", "device-1"));
  EXPECT_TRUE(run_task(g.guard().trusts("owner", "device-1")));
  EXPECT_FALSE(run_task(g.guard().trusts("someone-else", "device-1"))) << "a device is trusted by one account";
  EXPECT_FALSE(run_task(g.guard().trusts("owner", "device-2")));
  EXPECT_FALSE(run_task(g.guard().trusts("owner", "")));
  for (int i = 0; i < 200; ++i) g.failed("owner", "attacker-" + std::to_string(i % 50));
  for (int i = 0; i < 10; ++i) g.failed("owner", "home");
  EXPECT_GT(g.wait("owner", "home"), 0) << "strangers wait";
  EXPECT_EQ(run_task(g.guard().device_wait_ms("device-1")), 0) << "the owner's browser does not";
  for (int i = 0; i < 5; ++i) run_task(g.guard().device_failed("device-1"));
  EXPECT_EQ(run_task(g.guard().device_wait_ms("device-1")), 0) << "five free failures";
  run_task(g.guard().device_failed("device-1"));
  EXPECT_GT(run_task(g.guard().device_wait_ms("device-1")), 0) << "then its own back-off";
  run_task(g.guard().remember_device("owner", "device-1"));
  EXPECT_EQ(run_task(g.guard().device_wait_ms("device-1")), 0) << "a success starts it over";
}

}  // namespace tw::auth
