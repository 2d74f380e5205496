#include "core/queue_draw.h"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "core/encoding.h"

namespace tw::core {
namespace {

std::vector<unsigned char> seed_bytes(std::string_view hex) {
  std::vector<unsigned char> out(32);
  std::size_t n = 0;
  if (hex.size() != 64 || sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &n, nullptr) != 0 ||
      n != 32) {
    return {};
  }
  return out;
}

// The draws: SHA-256(seed || counter), counter big-endian, first 8 bytes big-endian.
class Draws {
 public:
  explicit Draws(std::vector<unsigned char> seed) : seed_(std::move(seed)) {}
  std::uint64_t next() {
    std::array<unsigned char, 40> input{};
    std::copy(seed_.begin(), seed_.end(), input.begin());
    for (int b = 0; b < 8; ++b) input[32 + b] = static_cast<unsigned char>(counter_ >> (56 - 8 * b));
    ++counter_;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, input.data(), input.size());
    std::uint64_t x = 0;
    for (int b = 0; b < 8; ++b) x = x << 8 | digest[b];
    return x;
  }
  // Uniform in [0, bound): draws above the largest multiple of `bound` are drawn again.
  std::uint64_t below(std::uint64_t bound) {
    const std::uint64_t rest = (UINT64_MAX % bound + 1) % bound;  // 2^64 mod bound
    const std::uint64_t limit = std::uint64_t{0} - rest;          // 2^64 - rest (wraps to 0 when rest is 0)
    for (;;) {
      const auto x = next();
      if (rest == 0 || x < limit) return x % bound;
    }
  }

 private:
  std::vector<unsigned char> seed_;
  std::uint64_t counter_ = 0;
};

}  // namespace

std::string new_draw_seed() {
  unsigned char seed[32];
  randombytes_buf(seed, sizeof seed);
  return hex(seed);
}

std::string draw_commitment(std::string_view seed_hex) {
  const auto seed = seed_bytes(seed_hex);
  if (seed.empty()) return "";
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, seed.data(), seed.size());
  return hex(digest);
}

std::vector<std::string> draw_order(std::string_view seed_hex, std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  auto seed = seed_bytes(seed_hex);
  if (seed.empty() || ids.size() < 2) return ids;
  Draws draws(std::move(seed));
  for (std::size_t i = ids.size() - 1; i >= 1; --i) {
    const auto j = static_cast<std::size_t>(draws.below(i + 1));
    std::swap(ids[i], ids[j]);
  }
  return ids;
}

}  // namespace tw::core
