#pragma once
// The proof of work a waiting room may ask of a fan who joins (docs/waiting-room.md): the server
// hands out a challenge bound to the room and the account, and the fan's browser finds a nonce
// such that SHA-256(challenge ":" nonce) starts with `difficulty` zero bits: about 2^difficulty
// hashes to find, one to check. It puts a price on each place, small for one fan and large for
// a farm lining up thousands of accounts.
#include <cstdint>
#include <span>
#include <string_view>

namespace tw::core {

// The most zero bits a room may ask for: 2^28 hashes is minutes on a phone already.
inline constexpr int kMaxPuzzleDifficulty = 28;
// A nonce is 1 to 32 characters of [0-9A-Za-z].
inline constexpr std::size_t kMaxNonceLength = 32;

int leading_zero_bits(std::span<const unsigned char> digest);
// True when `nonce` is well formed and SHA-256(challenge ":" nonce) has `difficulty` leading zero bits.
bool puzzle_solved(std::string_view challenge, std::string_view nonce, int difficulty);

}  // namespace tw::core
