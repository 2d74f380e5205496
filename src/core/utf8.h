#pragma once
// UTF-8 checks and JSON string quoting. Text that reaches a client or a log line may have come
// from anywhere (a percent-decoded path can hold any byte), so quoting never passes an invalid
// byte through: each invalid sequence becomes U+FFFD, and every answer and log line stays valid
// UTF-8 (and so valid JSON).
#include <cstddef>
#include <string>
#include <string_view>

namespace tw::core {

// Length of the valid UTF-8 sequence at the start of `s` (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF); 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view s);
bool is_valid_utf8(std::string_view s);
// `s` with each invalid sequence replaced by U+FFFD.
std::string to_valid_utf8(std::string_view s);
// A JSON string literal for `s` (quotes included), escaping as RFC 8259 requires.
std::string json_quote(std::string_view s);

}  // namespace tw::core
