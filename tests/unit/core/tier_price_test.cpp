#include "core/tier_price.h"

#include <gtest/gtest.h>

namespace tw::core {
namespace {

Layout two_tiers() {
  return {"Hall", {}, {{"A", "Floor", "ga", 2, 10, 50'00, {0, 0, 0}},
                       {"B", "Balcony", "bal", 2, 10, 30'00, {0, 4, 0}},
                       {"C", "Side", "ga", 1, 5, 45'00, {0, 8, 0}}}};
}

TEST(TierPrice, EverySectionOfTheTierGetsTheNewBackRowPrice) {
  auto layout = two_tiers();
  auto change = reprice_tier(layout, "ga", 80'00);
  ASSERT_TRUE(change.ok());
  EXPECT_EQ(*change, (TierPriceChange{"ga", 45'00, 80'00, true})) << "before: the tier's lowest price";
  EXPECT_EQ(layout.sections[0].base_price, 80'00);
  EXPECT_EQ(layout.sections[2].base_price, 80'00);
  EXPECT_EQ(layout.sections[1].base_price, 30'00) << "another tier is left";
}

TEST(TierPrice, TheSamePriceChangesNothing) {
  auto layout = two_tiers();
  auto change = reprice_tier(layout, "bal", 30'00);
  ASSERT_TRUE(change.ok());
  EXPECT_FALSE(change->changed);
  EXPECT_EQ(layout, two_tiers());
}

TEST(TierPrice, AnUnknownTierOrAPriceOutOfBoundsIsRefused) {
  auto layout = two_tiers();
  auto unknown = reprice_tier(layout, "vip", 10'00);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "tier_not_found");
  for (Cents bad : {Cents{0}, Cents{-1}, kMaxBasePrice + 1}) {
    auto refused = reprice_tier(layout, "ga", bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, "bad_price");
  }
  EXPECT_TRUE(reprice_tier(layout, "ga", kMaxBasePrice).ok());
  EXPECT_EQ(layout.sections[1], two_tiers().sections[1]);
}

}  // namespace
}  // namespace tw::core
