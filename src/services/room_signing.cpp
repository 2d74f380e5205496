#include "services/room_signing.h"

#include <sodium.h>

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

}  // namespace tw::services
