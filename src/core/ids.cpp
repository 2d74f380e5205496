#include "core/ids.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>

namespace tw::core {
namespace {

// Random bytes from a ChaCha20 stream keyed once per thread by the operating system: the
// getrandom() system call libsodium makes per call cost more than the rest of a hold. Each block
// uses a new nonce (the counter), so no keystream is ever produced twice.
class ThreadRandom {
 public:
  ThreadRandom() { randombytes_buf(key_, sizeof key_); }
  void fill(unsigned char* out, std::size_t n) {
    while (n > 0) {
      if (used_ == sizeof block_) refill();
      const std::size_t take = std::min(n, sizeof block_ - used_);
      std::memcpy(out, block_ + used_, take);
      sodium_memzero(block_ + used_, take);  // handed out once
      used_ += take;
      out += take;
      n -= take;
    }
  }

 private:
  void refill() {
    unsigned char nonce[crypto_stream_chacha20_ietf_NONCEBYTES] = {};
    std::memcpy(nonce, &counter_, sizeof counter_);
    ++counter_;
    crypto_stream_chacha20_ietf(block_, sizeof block_, nonce, key_);
    used_ = 0;
  }

  unsigned char key_[crypto_stream_chacha20_ietf_KEYBYTES];
  std::uint64_t counter_ = 0;
  unsigned char block_[256];
  std::size_t used_ = sizeof block_;
};

}  // namespace

// A version-7 UUID (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random bits. Ids
// made one after another sort together, so the database appends them at the right edge of its
// indexes instead of at random pages (random ids dirtied a page per insert per index, which the
// commit then wrote out); 74 random bits keep them unguessable.
std::string new_uuid() {
  thread_local ThreadRandom random;
  unsigned char b[16];
  random.fill(b, sizeof b);
  const auto ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x70);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 15];
  }
  return out;
}

}  // namespace tw::core
