#include "tickets/ticket_code.h"

#include <sodium.h>

#include <algorithm>
#include <vector>

#include "core/encoding.h"

namespace tw::tickets {
namespace {

constexpr std::string_view kPrefix = "TW1.";
constexpr unsigned char kFormat = 1;
constexpr std::size_t kPayloadBytes = 1 + 4 + 16 + 8 + 4 + 8;
constexpr std::size_t kSignatureBytes = crypto_sign_BYTES;

void put(std::vector<unsigned char>& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

std::uint64_t get(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "8-4-4-4-12" hex UUID text to its 16 bytes.
bool uuid_bytes(std::string_view text, std::vector<unsigned char>& out) {
  if (text.size() != 36) return false;
  std::string hex;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (text[i] == '-')) return false;
    if (!dash) hex += text[i];
  }
  for (std::size_t i = 0; i < 32; i += 2) {
    const int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<unsigned char>(hi * 16 + lo));
  }
  return true;
}

std::string uuid_text(const unsigned char* p) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[p[i] >> 4];
    out += kHex[p[i] & 15];
  }
  return out;
}

core::Error bad(std::string code, std::string message) {
  return core::invalid(std::move(code), std::move(message));
}

}  // namespace

SigningKey generate_signing_key(std::uint32_t id) {
  SigningKey k;
  k.id = id;
  crypto_sign_keypair(k.public_key.data(), k.secret_key.data());
  return k;
}

core::Result<std::string> sign_ticket_code(const TicketClaim& claim, const SigningKey& key) {
  std::vector<unsigned char> bytes;
  bytes.reserve(kPayloadBytes + kSignatureBytes);
  bytes.push_back(kFormat);
  put(bytes, key.id, 4);
  if (!uuid_bytes(claim.ticket_id, bytes)) return bad("invalid_ticket_id", "A ticket id must be a UUID");
  put(bytes, static_cast<std::uint64_t>(claim.event_id), 8);
  put(bytes, static_cast<std::uint32_t>(claim.seat_index), 4);
  put(bytes, static_cast<std::uint64_t>(claim.issued_at_ms), 8);
  std::array<unsigned char, kSignatureBytes> sig{};
  crypto_sign_detached(sig.data(), nullptr, bytes.data(), bytes.size(), key.secret_key.data());
  bytes.insert(bytes.end(), sig.begin(), sig.end());
  return std::string(kPrefix) + core::base64url(bytes);
}

core::Result<TicketClaim> verify_ticket_code(std::string_view code, std::span<const VerifyKey> keys) {
  if (!code.starts_with(kPrefix)) return bad("malformed", "This is not a TicketWar ticket code");
  code.remove_prefix(kPrefix.size());
  std::array<unsigned char, kPayloadBytes + kSignatureBytes> raw{};
  std::size_t n = 0;
  const char* end = nullptr;
  if (sodium_base642bin(raw.data(), raw.size(), code.data(), code.size(), nullptr, &n, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != code.data() + code.size() || n != raw.size() || raw[0] != kFormat) {
    return bad("malformed", "The ticket code is damaged or incomplete");
  }
  const auto key_id = static_cast<std::uint32_t>(get(&raw[1], 4));
  const auto key = std::find_if(keys.begin(), keys.end(), [&](const VerifyKey& k) { return k.id == key_id; });
  if (key == keys.end())
    return bad("unknown_key", "The ticket code was signed by a key this venue does not know");
  if (crypto_sign_verify_detached(&raw[kPayloadBytes], raw.data(), kPayloadBytes, key->public_key.data()) !=
      0) {
    return bad("bad_signature", "The ticket code's signature does not match: it was altered or forged");
  }
  return TicketClaim{uuid_text(&raw[5]), static_cast<std::int64_t>(get(&raw[21], 8)),
                     static_cast<int>(get(&raw[29], 4)), static_cast<std::int64_t>(get(&raw[33], 8))};
}

}  // namespace tw::tickets
