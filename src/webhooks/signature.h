#pragma once
// The signature on every webhook delivery, so a receiver can tell it came from TicketWar and was
// not replayed later: `TicketWar-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
// A receiver recomputes v1 with its secret and rejects a t too far from its clock.
#include <cstdint>
#include <string>
#include <string_view>

namespace tw::webhooks {

inline constexpr const char* kSignatureHeader = "TicketWar-Signature";

// Hex HMAC-SHA256 of "<t>.<body>" under `secret`.
std::string sign(std::string_view secret, std::int64_t unix_time, std::string_view body);
// The header's value: "t=<unix time>,v1=<signature>".
std::string signature_header(std::string_view secret, std::int64_t unix_time, std::string_view body);

}  // namespace tw::webhooks
