#include "payments/card.h"

#include <ctime>

namespace tw::payments {

std::string card_digits(std::string_view s) {
  std::string d;
  for (char c : s) {
    if (c >= '0' && c <= '9') d += c;
    else if (c != ' ' && c != '-') return "";
  }
  return d;
}

bool luhn_valid(std::string_view d) {
  if (d.size() < 12 || d.size() > 19) return false;
  int sum = 0;
  bool dbl = false;
  for (auto it = d.rbegin(); it != d.rend(); ++it) {
    int v = *it - '0';
    if (dbl && (v *= 2) > 9) v -= 9;
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 == 0;
}

core::Status validate_card(const Card& card, const core::Clock& clock) {
  const std::string number = card_digits(card.number);
  if (!luhn_valid(number)) return core::invalid("invalid_card", "That card number is not valid");
  const auto& e = card.expiry;
  const auto digit = [&](std::size_t i) { return e[i] >= '0' && e[i] <= '9'; };
  if (e.size() != 5 || e[2] != '/' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return core::invalid("invalid_card", "Expiry must look like MM/YY");
  }
  const int month = (e[0] - '0') * 10 + (e[1] - '0');
  const int year = 2000 + (e[3] - '0') * 10 + (e[4] - '0');
  if (month < 1 || month > 12) return core::invalid("invalid_card", "Expiry month must be 01-12");
  const std::time_t now = static_cast<std::time_t>(clock.now_seconds());
  std::tm tm{};
  gmtime_r(&now, &tm);
  if (year < tm.tm_year + 1900 || (year == tm.tm_year + 1900 && month < tm.tm_mon + 1)) {
    return core::invalid("card_expired", "That card has expired");
  }
  if (card.cvc.size() < 3 || card.cvc.size() > 4 || card_digits(card.cvc) != card.cvc) {
    return core::invalid("invalid_card", "The security code must be 3 or 4 digits");
  }
  return core::Ok{};
}

}  // namespace tw::payments
