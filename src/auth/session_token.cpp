#include "auth/session_token.h"

#include <sodium.h>

#include "core/encoding.h"

namespace tw::auth {

std::string new_session_token() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  return core::base64url(raw);
}

std::string token_hash(std::string_view token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return core::hex(digest);
}

std::string csrf_token_for(std::string_view token) {
  const std::string input = "csrf:" + std::string(token);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  return core::base64url(std::span<const unsigned char>(digest, 24));
}

bool looks_like_token(std::string_view t) {
  if (t.size() != 43) return false;
  for (char c : t) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace tw::auth
