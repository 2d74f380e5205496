#include "core/money.h"

#include <cstdio>

namespace tw::core {

std::string format_money(Cents c) {
  const bool negative = c < 0;
  const unsigned long long a = negative ? 0ULL - static_cast<unsigned long long>(c) : static_cast<unsigned long long>(c);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%llu.%02llu", negative ? "-" : "", a / 100, a % 100);
  return buf;
}

}  // namespace tw::core
