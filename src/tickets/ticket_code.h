#pragma once
// Signed ticket codes: what a ticket's QR code holds. A code names the ticket, its event, its
// seat and when the code was issued, and carries an Ed25519 signature (libsodium) by a key
// named in the code, so a gate holding the public keys can check a code offline and keys can be
// rotated. Text form: "TW1." + base64url(payload ‖ signature), about 140 characters.
// Payload (big-endian): format 1 (1 byte), key id (4), ticket UUID (16), event id (8),
// seat index (4), issued at in ms since the epoch (8).
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tw::tickets {

struct TicketClaim {
  std::string ticket_id;  // canonical lower-case UUID text
  std::int64_t event_id = 0;
  int seat_index = 0;
  std::int64_t issued_at_ms = 0;  // a transfer issues a new code; older ones stop working
  bool operator==(const TicketClaim&) const = default;
};

struct SigningKey {
  std::uint32_t id = 0;
  std::array<unsigned char, 32> public_key{};
  std::array<unsigned char, 64> secret_key{};
};

struct VerifyKey {
  std::uint32_t id = 0;
  std::array<unsigned char, 32> public_key{};
};

SigningKey generate_signing_key(std::uint32_t id);
// kInvalid "invalid_ticket_id" when the id is not a UUID.
core::Result<std::string> sign_ticket_code(const TicketClaim& claim, const SigningKey& key);
// kInvalid with code "malformed", "unknown_key" or "bad_signature".
core::Result<TicketClaim> verify_ticket_code(std::string_view code, std::span<const VerifyKey> keys);

}  // namespace tw::tickets
