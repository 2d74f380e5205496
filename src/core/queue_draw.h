#pragma once
// The draw that orders a waiting room's pre-queue at the opening, verifiable by anyone.
//
// Before the opening the server picks a secret seed (32 random bytes) and publishes its
// commitment, SHA-256(seed) in hex, so the seed cannot be chosen after the joiners are known. At
// the opening the queue ids of everyone in the pre-queue, sorted (byte order), are shuffled with
// the seed; the seed and the ids in admission order are published, and anyone can recompute:
//
//   draw r (r = 0, 1, 2, ...): the first 8 bytes, big-endian, of SHA-256(seed || r as 8 bytes
//     big-endian), an unsigned 64-bit number.
//   Fisher-Yates from the end: for i = n-1 down to 1, take draws until one is below
//     2^64 - (2^64 mod (i+1)) (so every j is equally likely), j = that draw mod (i+1), swap
//     items i and j.
//
// scripts/verify-queue-draw checks a published draw this way.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tw::core {

// A new secret seed, as 64 hex digits.
std::string new_draw_seed();
// SHA-256 of the seed's bytes, in hex: the commitment published before the opening. Empty when
// `seed_hex` is not 64 hex digits.
std::string draw_commitment(std::string_view seed_hex);
// The ids in admission order: sorted, then shuffled with the seed as above.
std::vector<std::string> draw_order(std::string_view seed_hex, std::vector<std::string> ids);

}  // namespace tw::core
