#include "core/join_puzzle.h"

#include <gtest/gtest.h>

#include <string>

namespace tw::core {
namespace {

// The first nonce (0, 1, 2, … in decimal) that solves `challenge` at `difficulty`.
std::string solve(const std::string& challenge, int difficulty) {
  for (long n = 0;; ++n) {
    if (puzzle_solved(challenge, std::to_string(n), difficulty)) return std::to_string(n);
  }
}

TEST(JoinPuzzle, CountsLeadingZeroBits) {
  const unsigned char none[] = {0x80, 0x00};
  const unsigned char nine[] = {0x00, 0x40, 0xff};
  const unsigned char all[] = {0x00, 0x00};
  EXPECT_EQ(leading_zero_bits(none), 0);
  EXPECT_EQ(leading_zero_bits(nine), 9);
  EXPECT_EQ(leading_zero_bits(all), 16);
}

TEST(JoinPuzzle, ASolvedNonceIsCheckedInOneHashAndOnlyForItsChallenge) {
  const std::string challenge = "TWJ1.8.42.1700000000000.12.sig";
  const auto nonce = solve(challenge, 12);
  EXPECT_TRUE(puzzle_solved(challenge, nonce, 12));
  EXPECT_TRUE(puzzle_solved(challenge, nonce, 0));
  EXPECT_FALSE(puzzle_solved(challenge + "x", nonce, 12)) << "another challenge needs its own answer";
  // A harder puzzle is almost never solved by the easier one's answer (1 in 2^8 here).
  int harder = 0;
  for (int i = 0; i < 16; ++i) {
    const auto c = challenge + std::to_string(i);
    harder += puzzle_solved(c, solve(c, 12), 20) ? 1 : 0;
  }
  EXPECT_LE(harder, 2);
}

TEST(JoinPuzzle, ANonceIsShortPlainText) {
  EXPECT_FALSE(puzzle_solved("c", "", 0));
  EXPECT_FALSE(puzzle_solved("c", std::string(kMaxNonceLength + 1, '1'), 0));
  EXPECT_FALSE(puzzle_solved("c", "12 3", 0));
  EXPECT_FALSE(puzzle_solved("c", "1\n", 0));
  EXPECT_TRUE(puzzle_solved("c", "abcXYZ09", 0));
}

}  // namespace
}  // namespace tw::core
