#include "auth/password.h"

#include <sodium.h>

namespace tw::auth {
namespace {

// The test build (TW_CHEAP_PASSWORD_HASH, set only by the Makefile's sanitizer tree) hashes with
// the same argon2id at libsodium's minimum cost: its suites hash and check about two thousand
// passwords, each a quarter of a second at the interactive limits under the sanitizers. Every
// build that serves people (make run, make bench, the cluster) keeps the interactive limits.
#ifdef TW_CHEAP_PASSWORD_HASH
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_MIN;
constexpr std::size_t kMemLimit = crypto_pwhash_MEMLIMIT_MIN;
#else
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
#endif

}  // namespace

bool init_crypto() { return sodium_init() >= 0; }

std::optional<std::string> hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), kOpsLimit, kMemLimit) != 0) {
    return std::nullopt;
  }
  return std::string(out);
}

bool verify_password(std::string_view encoded_hash, std::string_view password) {
  const std::string h(encoded_hash);  // needs a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string random_password(int length) {
  static constexpr std::string_view kAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < length; ++i) {
    out += kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
  }
  return out;
}

}  // namespace tw::auth
