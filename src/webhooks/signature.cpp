#include "webhooks/signature.h"

#include <sodium.h>

#include "core/encoding.h"

namespace tw::webhooks {

std::string sign(std::string_view secret, std::int64_t unix_time, std::string_view body) {
  const auto signed_text = std::to_string(unix_time) + "." + std::string(body);
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(signed_text.data()),
                                signed_text.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  return core::hex(mac);
}

std::string signature_header(std::string_view secret, std::int64_t unix_time, std::string_view body) {
  return "t=" + std::to_string(unix_time) + ",v1=" + sign(secret, unix_time, body);
}

}  // namespace tw::webhooks
