#pragma once
// Rules for what people type when they sign up.
#include <string>
#include <string_view>

#include "core/result.h"

namespace tw::auth {

// Trims surrounding spaces and lower-cases; then requires one '@' with a non-empty local part
// and a dotted domain, no spaces or control characters, at most 254 bytes.
core::Result<std::string> normalize_email(std::string_view email);
// 8-256 characters and not one of the most common passwords.
core::Status check_password(std::string_view password);
// 1-100 characters after trimming, no control characters.
core::Result<std::string> normalize_name(std::string_view name);

}  // namespace tw::auth
