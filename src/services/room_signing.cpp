#include "services/room_signing.h"

#include <sodium.h>

#include <charconv>

namespace tw::services {

std::string room_mac(std::string_view key_hex, std::string_view payload) {
  unsigned char key[crypto_auth_hmacsha256_KEYBYTES] = {};
  sodium_hex2bin(key, sizeof key, key_hex.data(), key_hex.size(), nullptr, nullptr, nullptr);
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(out, reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), key);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

bool room_mac_matches(std::string_view key_hex, std::string_view payload, std::string_view mac) {
  const auto expected = room_mac(key_hex, payload);
  return mac.size() == expected.size() && sodium_memcmp(mac.data(), expected.data(), expected.size()) == 0;
}

std::vector<std::string_view> split_fields(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto at = text.find(sep);
    out.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return out;
    text.remove_prefix(at + 1);
  }
}

std::int64_t field_number(std::string_view field) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
  return ec == std::errc{} && end == field.data() + field.size() ? v : -1;
}

}  // namespace tw::services
