#pragma once
// Money is held as integer cents of the platform currency; only the API edge turns it into
// decimal numbers for people.
#include <cstdint>
#include <string>

namespace tw::core {

using Cents = std::int64_t;

inline constexpr const char* kCurrency = "USD";

// Major units as a double, exact for every amount below 2^53 cents; for JSON output only.
inline double to_major_units(Cents c) { return static_cast<double>(c) / 100.0; }

// "1234.50"
std::string format_money(Cents c);

}  // namespace tw::core
