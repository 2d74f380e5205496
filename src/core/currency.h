#pragma once
// Currencies: an event sells in one ISO 4217 currency, and every amount of it (prices, fees,
// totals, refunds) is an integer count of that currency's minor unit: cents of USD, pence of
// GBP, whole won of KRW (no minor unit), fils of BHD (a thousandth). Amounts of different
// currencies are never added together.
#include <optional>
#include <string>
#include <string_view>

#include "core/money.h"

namespace tw::core {

struct Currency {
  std::string_view code;  // "USD"
  int digits = 2;         // decimals of its major unit: 2 for USD, 0 for KRW and JPY, 3 for BHD
};

inline constexpr std::string_view kDefaultCurrency = "USD";

// The circulating currencies of ISO 4217 (fund, metal and test codes such as XAU and XTS are
// not prices a fan pays in). Upper case only.
std::optional<Currency> find_currency(std::string_view code);

// The currency an event or amount names, USD for an empty or unknown code (rows written before
// events had a currency).
Currency currency_or_default(std::string_view code);

// The amount in major units, as a machine writes it: "1234.50", "150000", "1.234", "-0.05".
std::string format_amount(Cents minor, const Currency& c);

// The amount as people read it in mail, receipts and tickets: "$1,234.50", "£12.50", "€12.50",
// "₩150,000", "CHF 12.50".
std::string money_text(Cents minor, const Currency& c);

}  // namespace tw::core
