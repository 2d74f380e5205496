#include "auth/sign_in_guard.h"

#include <gtest/gtest.h>

namespace tw::auth {

TEST(SignInGuard, APairIsSlowedAfterFiveFailuresAndNobodyElseIs) {
  core::ManualClock clock;
  SignInGuard g(clock);
  for (int i = 0; i < 5; ++i) g.failed("victim", "attacker");
  EXPECT_EQ(g.wait_ms("victim", "attacker"), 0) << "five free failures";
  g.failed("victim", "attacker");
  EXPECT_GT(g.wait_ms("victim", "attacker"), 0);
  EXPECT_EQ(g.wait_ms("victim", "home"), 0) << "the owner elsewhere";
  EXPECT_EQ(g.wait_ms("neighbour", "attacker"), 0) << "others behind the same address";
}

TEST(SignInGuard, AnAddressIsSlowedOnlyAfterManyFailures) {
  core::ManualClock clock;
  SignInGuard g(clock);
  for (int i = 0; i < 100; ++i) g.failed("account-" + std::to_string(i), "nat");
  EXPECT_EQ(g.wait_ms("someone", "nat"), 0);
  g.failed("account-x", "nat");
  EXPECT_GT(g.wait_ms("someone", "nat"), 0);
}

TEST(SignInGuard, AnAccountIsSlowedWithACeilingExceptFromKnownAddresses) {
  core::ManualClock clock;
  SignInGuard g(clock);
  g.succeeded("owner", "phone");
  for (int i = 0; i < 80; ++i) g.failed("owner", "bot-" + std::to_string(i));
  const auto wait = g.wait_ms("owner", "new-place");
  EXPECT_GT(wait, 0);
  EXPECT_LE(wait, 30'000);
  EXPECT_EQ(g.wait_ms("owner", "phone"), 0);
  clock.advance_ms(30'001);
  EXPECT_EQ(g.wait_ms("owner", "new-place"), 0);
}

TEST(SignInGuard, SignUpsPerAddressComeInAnHourlyAllowance) {
  core::ManualClock clock;
  SignInGuard g(clock);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(g.sign_up_wait_ms("a"), 0);
  EXPECT_GT(g.sign_up_wait_ms("a"), 0);
  EXPECT_EQ(g.sign_up_wait_ms("b"), 0);
  clock.advance_ms(3'600'000);
  EXPECT_EQ(g.sign_up_wait_ms("a"), 0);
}

}  // namespace tw::auth
