#pragma once
// What can be known about a card without asking a processor: a number that passes the Luhn
// check, an expiry in the future, a 3-4 digit security code.
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "payments/payment_gateway.h"

namespace tw::payments {

// kInvalid "invalid_card" / "card_expired" for a card that cannot be charged at all.
core::Status validate_card(const Card& card, const core::Clock& clock);
bool luhn_valid(std::string_view digits);
// The digits of a number written with spaces or dashes; empty if anything else is in it.
std::string card_digits(std::string_view s);

}  // namespace tw::payments
