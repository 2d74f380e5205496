#include "core/currency.h"

#include <gtest/gtest.h>

namespace tw::core {

TEST(Currency, KnowsTheMinorUnitOfEachCode) {
  EXPECT_EQ(find_currency("USD")->digits, 2);
  EXPECT_EQ(find_currency("GBP")->digits, 2);
  EXPECT_EQ(find_currency("KRW")->digits, 0);
  EXPECT_EQ(find_currency("JPY")->digits, 0);
  EXPECT_EQ(find_currency("BHD")->digits, 3);
  EXPECT_EQ(find_currency("AED")->code, "AED");  // the first of the table
  EXPECT_EQ(find_currency("ZWG")->code, "ZWG");  // and the last
}

TEST(Currency, RefusesWhatIsNotACirculatingCode) {
  for (const char* bad : {"", "usd", "US", "USDX", "XAU", "XTS", "XXX", "ABC", "AAA", "ZZZ"}) {
    EXPECT_FALSE(find_currency(bad).has_value()) << bad;
  }
  EXPECT_EQ(currency_or_default("").code, "USD");
  EXPECT_EQ(currency_or_default("nope").code, "USD");
  EXPECT_EQ(currency_or_default("EUR").code, "EUR");
}

TEST(Currency, FormatsAmountsWithTheCurrencysDecimals) {
  EXPECT_EQ(format_amount(127'50, *find_currency("USD")), "127.50");
  EXPECT_EQ(format_amount(5, *find_currency("USD")), "0.05");
  EXPECT_EQ(format_amount(-1'00, *find_currency("USD")), "-1.00");
  EXPECT_EQ(format_amount(150000, *find_currency("KRW")), "150000");
  EXPECT_EQ(format_amount(1234, *find_currency("BHD")), "1.234");
  EXPECT_EQ(format_amount(5, *find_currency("BHD")), "0.005");
}

TEST(Currency, WritesMoneyForPeople) {
  EXPECT_EQ(money_text(1'234'50, *find_currency("USD")), "$1,234.50");
  EXPECT_EQ(money_text(12'50, *find_currency("GBP")), "\u00a312.50");
  EXPECT_EQ(money_text(89'00, *find_currency("EUR")), "\u20ac89.00");
  EXPECT_EQ(money_text(150000, *find_currency("KRW")), "\u20a9150,000");
  EXPECT_EQ(money_text(12'50, *find_currency("CHF")), "CHF 12.50");
  EXPECT_EQ(money_text(1234, *find_currency("BHD")), "BHD 1.234");
  EXPECT_EQ(money_text(-5, *find_currency("USD")), "-$0.05");
  EXPECT_EQ(money_text(0, *find_currency("KRW")), "\u20a90");
}

}  // namespace tw::core
