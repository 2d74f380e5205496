// A presale on fakes (services/access_codes.h, Booking::hold): only accounts that redeemed a
// code hold seats, only those the code unlocks, as often as the code allows (running holds count,
// ended ones give the use back), and guessing codes is slowed down.
#include "services/access_codes.h"

#include "unit/services/sale_fixture.h"

namespace tw::services {

class PresaleTest : public SaleFixture {
 protected:
  void SetUp() override {
    SaleFixture::SetUp();
    BookingOptions options;
    options.hold_seconds = 60;
    options.codes = &codes_;
    booking_ = std::make_unique<Booking>(*stores_.booking, *seats_, catalog_, clock_, options);
    auto d = testing::event_draft("presale", "Presale", 6);
    d.presale_at = core::ZonedTime{clock_.now_seconds() - 60, 0};
    d.on_sale_at = core::ZonedTime{clock_.now_seconds() + 3600, 0};
    core::Layout layout{"Club", {}, {{"A", "Floor", "ga", 1, 10, 50'00, {0, 0, 0}}, {"B", "Balcony", "bal", 1, 10, 30'00, {0, 4, 0}}}};
    auto e = run_task(stores_.events->create_event(d, layout));
    ASSERT_TRUE(e.ok());
    presale_id_ = e->id;
  }

  CodeBatchView make_code(std::string code, core::CodeRules rules) {
    auto made = run_task(codes_.create(presale_id_, CodeRequest{std::move(code), 1, std::move(rules)}, 1));
    EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.error().message);
    return made.ok() ? *made : CodeBatchView{};
  }
  core::Result<RedeemedCode> redeem(std::int64_t user, const std::string& typed, const std::string& ip = "10.0.0.1") {
    return run_task(codes_.redeem(user, "presale", typed, ip));
  }
  core::Result<HoldView> presale_hold(std::int64_t user, std::vector<std::string> seats) {
    return run_task(booking_->hold(user, "presale", std::move(seats)));
  }

  AccessCodes codes_{*stores_.codes, catalog_, clock_, nullptr};
  std::int64_t presale_id_ = 0;
};

TEST_F(PresaleTest, WithoutACodeNothingIsHeldUntilThePublicSale) {
  const auto fan = buyer("no-code");
  EXPECT_EQ(presale_hold(fan, {"A-A-1"}).error().code, "presale_code_required");
  EXPECT_EQ(run_task(booking_->hold_best(fan, "presale", {2, "", ""})).error().code, "presale_code_required");
  clock_.advance_ms(3600 * 1000);
  EXPECT_TRUE(presale_hold(fan, {"A-A-1"}).ok()) << "the public sale is open to everyone";
}

TEST_F(PresaleTest, ACodeUnlocksItsTierAsOftenAsItMayBeUsed) {
  make_code("FLOOR1", {.max_uses = 1, .tiers = {"ga"}});
  const auto fan = buyer("floor");
  EXPECT_EQ(redeem(fan, "NOPE1").error().code, "code_not_found");
  ASSERT_TRUE(redeem(fan, "floor-1").ok());
  EXPECT_EQ(presale_hold(fan, {"B-A-1"}).error().code, "code_not_for_these_seats");
  auto best = run_task(booking_->hold_best(fan, "presale", {2, "", ""}));
  ASSERT_TRUE(best.ok()) << best.error().code;
  for (const auto& s : best->hold.seat_ids) EXPECT_EQ(s.rfind("A-", 0), 0u) << "best available offered " << s;
  EXPECT_EQ(best->hold.code_id, run_task(codes_.redeemed(fan, presale_id_))->value().code.id);
  EXPECT_EQ(presale_hold(fan, {"A-A-9"}).error().code, "code_used_up") << "the running hold is the one use";

  ASSERT_TRUE(run_task(booking_->release(fan, best->hold.id)).ok());
  auto again = presale_hold(fan, {"A-A-9"});
  ASSERT_TRUE(again.ok()) << "a released hold gives the use back";
  clock_.advance_ms(61'000);
  EXPECT_TRUE(presale_hold(fan, {"A-A-8"}).ok()) << "so does one that ran out";
  const auto friend_fan = buyer("friend");
  EXPECT_EQ(redeem(friend_fan, "FLOOR1").error().code, "code_used_up") << "its use is taken";
}

TEST_F(PresaleTest, AnAllotmentCapsTheBatchAndARevokedCodeUnlocksNothing) {
  auto batch = make_code("", {.max_uses = 3, .allotment = 3});
  ASSERT_EQ(batch.codes.size(), 1u);
  const auto fan = buyer("allotted");
  ASSERT_TRUE(redeem(fan, batch.codes[0].code.code).ok());
  ASSERT_TRUE(presale_hold(fan, {"A-A-1", "A-A-2"}).ok());
  EXPECT_EQ(presale_hold(fan, {"A-A-3", "A-A-4"}).error().code, "code_allotment_reached");
  ASSERT_TRUE(presale_hold(fan, {"A-A-3"}).ok());
  EXPECT_EQ(run_task(codes_.revoke(batch.codes[0].code.id, 1)).value(), 1);
  EXPECT_EQ(presale_hold(fan, {"A-A-5"}).error().code, "code_revoked");
}

TEST_F(PresaleTest, GuessingCodesIsSlowedForTheAccountAndTheAddress) {
  make_code("REAL1", {});
  const auto guesser = buyer("guesser");
  // Ten wrong codes are free; past them each one makes the next attempt wait.
  for (int i = 0; i < 11; ++i) EXPECT_EQ(redeem(guesser, "WRONG" + std::to_string(i)).error().code, "code_not_found");
  auto slowed = redeem(guesser, "REAL1");
  ASSERT_FALSE(slowed.ok());
  EXPECT_EQ(slowed.error().code, "too_many_code_attempts");
  EXPECT_TRUE(redeem(buyer("other"), "REAL1", "10.0.0.2").ok()) << "another account and address is not slowed";
  clock_.advance_ms(2'000);
  EXPECT_TRUE(redeem(guesser, "REAL1").ok()) << "the wait passes";
}

}  // namespace tw::services
