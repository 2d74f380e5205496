#include "core/join_puzzle.h"

#include <sodium.h>

#include <algorithm>
#include <bit>

namespace tw::core {

int leading_zero_bits(std::span<const unsigned char> digest) {
  int bits = 0;
  for (const unsigned char b : digest) {
    if (b != 0) return bits + std::countl_zero(b);
    bits += 8;
  }
  return bits;
}

bool puzzle_solved(std::string_view challenge, std::string_view nonce, int difficulty) {
  const auto alnum = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  };
  if (nonce.empty() || nonce.size() > kMaxNonceLength || !std::all_of(nonce.begin(), nonce.end(), alnum)) return false;
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(challenge.data()), challenge.size());
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(":"), 1);
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(nonce.data()), nonce.size());
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  return leading_zero_bits(digest) >= difficulty;
}

}  // namespace tw::core
