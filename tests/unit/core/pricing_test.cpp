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

TEST(Money, FormatsTwoDecimals) {
  EXPECT_EQ(format_money(127'50), "127.50");
  EXPECT_EQ(format_money(5), "0.05");
  EXPECT_EQ(format_money(-1'00), "-1.00");
}

}  // namespace tw::core
