#include "services/join_puzzles.h"

#include <gtest/gtest.h>

#include "core/encoding.h"
#include "core/join_puzzle.h"

namespace tw::services {
namespace {

const std::string kKey = core::random_hex(32);
constexpr std::int64_t kNow = 1'800'000'000'000;

std::string solve(const std::string& challenge, int difficulty) {
  for (long n = 0;; ++n) {
    if (core::puzzle_solved(challenge, std::to_string(n), difficulty)) return std::to_string(n);
  }
}

std::string code_of(const core::Status& st) { return st ? "ok" : st.error().code; }

TEST(JoinPuzzles, ARoomWithoutProofOfWorkAsksNothing) {
  EXPECT_EQ(code_of(check_puzzle(kKey, 8, 42, 0, {}, kNow)), "ok");
}

TEST(JoinPuzzles, TheFanWhoSolvedTheirOwnPuzzleJoins) {
  const auto challenge = issue_puzzle(kKey, 8, 42, 10, kNow);
  const JoinProof proof{challenge, solve(challenge, 10)};
  EXPECT_EQ(code_of(check_puzzle(kKey, 8, 42, 10, proof, kNow + 5'000)), "ok");
}

TEST(JoinPuzzles, EveryOtherAnswerIsRefusedWithItsReason) {
  const auto challenge = issue_puzzle(kKey, 8, 42, 10, kNow);
  const auto nonce = solve(challenge, 10);
  EXPECT_EQ(code_of(check_puzzle(kKey, 8, 42, 10, {}, kNow)), "proof_of_work_required");
  EXPECT_EQ(code_of(check_puzzle(kKey, 8, 43, 10, {challenge, nonce}, kNow)), "proof_of_work_invalid")
      << "another account's solved puzzle";
  EXPECT_EQ(code_of(check_puzzle(kKey, 9, 42, 10, {challenge, nonce}, kNow)), "proof_of_work_invalid")
      << "another sale's";
  EXPECT_EQ(code_of(check_puzzle(core::random_hex(32), 8, 42, 10, {challenge, nonce}, kNow)), "proof_of_work_invalid")
      << "not signed with this room's key";
  // A challenge made up by the client, easy and solved, is not one the room gave.
  const std::string forged = "TWJ1.8.42." + std::to_string(kNow) + ".0.AAAA";
  EXPECT_EQ(code_of(check_puzzle(kKey, 8, 42, 10, {forged, "1"}, kNow)), "proof_of_work_invalid");
  std::string wrong = "0";
  while (core::puzzle_solved(challenge, wrong, 10)) wrong += "0";
  EXPECT_EQ(code_of(check_puzzle(kKey, 8, 42, 10, {challenge, wrong}, kNow)), "proof_of_work_invalid");
  EXPECT_EQ(code_of(check_puzzle(kKey, 8, 42, 10, {challenge, nonce}, kNow + kPuzzleLifetimeMs + 1)),
            "proof_of_work_expired");
  EXPECT_EQ(code_of(check_puzzle(kKey, 8, 42, 14, {challenge, nonce}, kNow)), "proof_of_work_expired")
      << "the organiser made the puzzle harder since";
  EXPECT_EQ(code_of(check_puzzle(kKey, 8, 42, 10, {"garbage", "1"}, kNow)), "proof_of_work_invalid");
}

}  // namespace
}  // namespace tw::services
