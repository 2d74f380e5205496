#include "core/pricing.h"

#include <gtest/gtest.h>

#include "core/money.h"

namespace tw::core {

TEST(Pricing, FrontRowsCostTenPercentOfBaseMorePerRow) {
  EXPECT_EQ(row_price(500'00, 0), 500'00);
  EXPECT_EQ(row_price(500'00, 2), 600'00);
  EXPECT_EQ(row_price(75'00, 7), 127'50);
  EXPECT_EQ(row_price(150'00, 9), 285'00);
}

TEST(Pricing, RoundsHalfUpToTheCent) {
  EXPECT_EQ(row_price(1'05, 1), 1'16);  // 115.5 cents
  EXPECT_EQ(row_price(1'04, 1), 1'14);  // 114.4 cents
}

TEST(Pricing, ServiceFeeIsTenPercentRounded) {
  EXPECT_EQ(service_fee(1200'00), 120'00);
  EXPECT_EQ(service_fee(1'05), 11);  // 10.5 cents rounds up
  EXPECT_EQ(service_fee(0), 0);
}

}  // namespace tw::core

namespace tw::core {

// Issue 10, problem 4: the order's fee was rounded on the subtotal and each ticket's on its own
// price, so eight $50.05 tickets summed to 44,048¢ against a charge of 44,044¢.
TEST(Pricing, TicketFeesAddUpToTheOrderFeeExactly) {
  const auto p = price_order(std::vector<Cents>(8, 50'05));
  EXPECT_EQ(p.subtotal, 400'40);
  EXPECT_EQ(p.fee, 40'04);
  EXPECT_EQ(p.total, 440'44);
  Cents tickets = 0;
  for (auto fee : p.seat_fees) tickets += 50'05 + fee;
  EXPECT_EQ(tickets, p.total);
  for (auto fee : p.seat_fees) EXPECT_TRUE(fee == 5'00 || fee == 5'01) << fee;  // shares differ by a cent at most
}

TEST(Pricing, FeeSharesFollowPricesAndAlwaysSumForAnyMix) {
  const auto p = price_order({120'00, 60'00});
  EXPECT_EQ(p.seat_fees, (std::vector<Cents>{12'00, 6'00}));
  for (Cents a = 1; a < 400; a += 7) {
    for (Cents b = 1; b < 400; b += 13) {
      const auto q = price_order({a, b, a + b, 50'04});
      Cents sum = 0;
      for (auto f : q.seat_fees) sum += f;
      ASSERT_EQ(sum, q.fee) << a << " " << b;
      ASSERT_EQ(q.fee, service_fee(a + b + a + b + 50'04));
    }
  }
  EXPECT_TRUE(price_order({}).seat_fees.empty());
  EXPECT_EQ(price_order({0, 0}).seat_fees, (std::vector<Cents>{0, 0}));
}

}  // namespace tw::core
