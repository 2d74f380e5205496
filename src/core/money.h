#pragma once
// Money is held as integer minor units (cents, pence, whole won: core/currency.h) of the
// event's currency; only the API edge turns it into text for people.
#include <cstdint>

namespace tw::core {

using Cents = std::int64_t;  // minor units of the event's currency; the name is historical

}  // namespace tw::core
