#include "core/currency.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace tw::core {
namespace {

// ISO 4217's circulating currencies, sorted, each with its minor unit's decimals.
constexpr std::array kCurrencies = {
    Currency{"AED", 2}, Currency{"AFN", 2}, Currency{"ALL", 2}, Currency{"AMD", 2}, Currency{"ANG", 2},
    Currency{"AOA", 2}, Currency{"ARS", 2}, Currency{"AUD", 2}, Currency{"AWG", 2}, Currency{"AZN", 2},
    Currency{"BAM", 2}, Currency{"BBD", 2}, Currency{"BDT", 2}, Currency{"BGN", 2}, Currency{"BHD", 3},
    Currency{"BIF", 0}, Currency{"BMD", 2}, Currency{"BND", 2}, Currency{"BOB", 2}, Currency{"BRL", 2},
    Currency{"BSD", 2}, Currency{"BTN", 2}, Currency{"BWP", 2}, Currency{"BYN", 2}, Currency{"BZD", 2},
    Currency{"CAD", 2}, Currency{"CDF", 2}, Currency{"CHF", 2}, Currency{"CLP", 0}, Currency{"CNY", 2},
    Currency{"COP", 2}, Currency{"CRC", 2}, Currency{"CUP", 2}, Currency{"CVE", 2}, Currency{"CZK", 2},
    Currency{"DJF", 0}, Currency{"DKK", 2}, Currency{"DOP", 2}, Currency{"DZD", 2}, Currency{"EGP", 2},
    Currency{"ERN", 2}, Currency{"ETB", 2}, Currency{"EUR", 2}, Currency{"FJD", 2}, Currency{"FKP", 2},
    Currency{"GBP", 2}, Currency{"GEL", 2}, Currency{"GHS", 2}, Currency{"GIP", 2}, Currency{"GMD", 2},
    Currency{"GNF", 0}, Currency{"GTQ", 2}, Currency{"GYD", 2}, Currency{"HKD", 2}, Currency{"HNL", 2},
    Currency{"HTG", 2}, Currency{"HUF", 2}, Currency{"IDR", 2}, Currency{"ILS", 2}, Currency{"INR", 2},
    Currency{"IQD", 3}, Currency{"IRR", 2}, Currency{"ISK", 0}, Currency{"JMD", 2}, Currency{"JOD", 3},
    Currency{"JPY", 0}, Currency{"KES", 2}, Currency{"KGS", 2}, Currency{"KHR", 2}, Currency{"KMF", 0},
    Currency{"KPW", 2}, Currency{"KRW", 0}, Currency{"KWD", 3}, Currency{"KYD", 2}, Currency{"KZT", 2},
    Currency{"LAK", 2}, Currency{"LBP", 2}, Currency{"LKR", 2}, Currency{"LRD", 2}, Currency{"LSL", 2},
    Currency{"LYD", 3}, Currency{"MAD", 2}, Currency{"MDL", 2}, Currency{"MGA", 2}, Currency{"MKD", 2},
    Currency{"MMK", 2}, Currency{"MNT", 2}, Currency{"MOP", 2}, Currency{"MRU", 2}, Currency{"MUR", 2},
    Currency{"MVR", 2}, Currency{"MWK", 2}, Currency{"MXN", 2}, Currency{"MYR", 2}, Currency{"MZN", 2},
    Currency{"NAD", 2}, Currency{"NGN", 2}, Currency{"NIO", 2}, Currency{"NOK", 2}, Currency{"NPR", 2},
    Currency{"NZD", 2}, Currency{"OMR", 3}, Currency{"PAB", 2}, Currency{"PEN", 2}, Currency{"PGK", 2},
    Currency{"PHP", 2}, Currency{"PKR", 2}, Currency{"PLN", 2}, Currency{"PYG", 0}, Currency{"QAR", 2},
    Currency{"RON", 2}, Currency{"RSD", 2}, Currency{"RUB", 2}, Currency{"RWF", 0}, Currency{"SAR", 2},
    Currency{"SBD", 2}, Currency{"SCR", 2}, Currency{"SDG", 2}, Currency{"SEK", 2}, Currency{"SGD", 2},
    Currency{"SHP", 2}, Currency{"SLE", 2}, Currency{"SOS", 2}, Currency{"SRD", 2}, Currency{"SSP", 2},
    Currency{"STN", 2}, Currency{"SVC", 2}, Currency{"SYP", 2}, Currency{"SZL", 2}, Currency{"THB", 2},
    Currency{"TJS", 2}, Currency{"TMT", 2}, Currency{"TND", 3}, Currency{"TOP", 2}, Currency{"TRY", 2},
    Currency{"TTD", 2}, Currency{"TWD", 2}, Currency{"TZS", 2}, Currency{"UAH", 2}, Currency{"UGX", 0},
    Currency{"USD", 2}, Currency{"UYU", 2}, Currency{"UZS", 2}, Currency{"VED", 2}, Currency{"VES", 2},
    Currency{"VND", 0}, Currency{"VUV", 0}, Currency{"WST", 2}, Currency{"XAF", 0}, Currency{"XCD", 2},
    Currency{"XCG", 2}, Currency{"XOF", 0}, Currency{"XPF", 0}, Currency{"YER", 2}, Currency{"ZAR", 2},
    Currency{"ZMW", 2}, Currency{"ZWG", 2},
};

// Symbols people read without a code beside them; the rest are written "CHF 12.50".
constexpr std::pair<std::string_view, std::string_view> kSymbols[] = {
    {"EUR", "\u20ac"}, {"GBP", "\u00a3"}, {"JPY", "\u00a5"}, {"KRW", "\u20a9"}, {"USD", "$"},
};

std::string grouped(unsigned long long n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// The integer and fraction parts of |minor|, the fraction zero-padded to `digits`.
std::pair<unsigned long long, std::string> split(Cents minor, int digits) {
  const unsigned long long a = minor < 0 ? 0ULL - static_cast<unsigned long long>(minor)
                                         : static_cast<unsigned long long>(minor);
  unsigned long long scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  std::string fraction(static_cast<std::size_t>(std::max(digits, 0)), '0');
  auto rest = a % scale;
  for (auto i = fraction.size(); i-- > 0; rest /= 10) fraction[i] = static_cast<char>('0' + rest % 10);
  return {a / scale, fraction};
}

}  // namespace

std::optional<Currency> find_currency(std::string_view code) {
  const auto it = std::lower_bound(kCurrencies.begin(), kCurrencies.end(), code,
                                   [](const Currency& c, std::string_view k) { return c.code < k; });
  if (it == kCurrencies.end() || it->code != code) return std::nullopt;
  return *it;
}

Currency currency_or_default(std::string_view code) {
  if (auto c = find_currency(code)) return *c;
  return *find_currency(kDefaultCurrency);
}

std::string format_amount(Cents minor, const Currency& c) {
  const auto [whole, fraction] = split(minor, c.digits);
  std::string out = minor < 0 ? "-" : "";
  out += std::to_string(whole);
  if (!fraction.empty()) out.append(".").append(fraction);
  return out;
}

std::string money_text(Cents minor, const Currency& c) {
  const auto [whole, fraction] = split(minor, c.digits);
  std::string out = minor < 0 ? "-" : "";
  const auto symbol = std::find_if(std::begin(kSymbols), std::end(kSymbols),
                                   [&](const auto& s) { return s.first == c.code; });
  if (symbol != std::end(kSymbols)) {
    out += symbol->second;
  } else {
    out.append(c.code).append(" ");
  }
  out += grouped(whole);
  if (!fraction.empty()) out.append(".").append(fraction);
  return out;
}

}  // namespace tw::core
