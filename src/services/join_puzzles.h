#pragma once
// The puzzles a waiting room hands to fans before they may join, when its organiser asks for a
// proof of work (core/join_puzzle.h; docs/waiting-room.md). A challenge names the room, the
// account, when it was given and its difficulty, signed with the room's key: one fan's solved
// puzzle does not join another account, and an old one runs out.
//
//   challenge = "TWJ1." event "." account "." given_at_ms "." difficulty "." base64url(HMAC)
#include <cstdint>
#include <string>

#include "core/result.h"

namespace tw::services {

// A fan's answer to their puzzle: the challenge they were given and the nonce they found.
struct JoinProof {
  std::string challenge;
  std::string nonce;
};

// How long a challenge can be solved and used after it was given.
inline constexpr std::int64_t kPuzzleLifetimeMs = 10 * 60'000;

std::string issue_puzzle(const std::string& key_hex, std::int64_t event_id, std::int64_t user_id, int difficulty,
                         std::int64_t now_ms);

// Ok when the room asks no proof (difficulty 0) or `proof` solves a live challenge of this room
// and account at the room's difficulty now. kForbidden "proof_of_work_required",
// "proof_of_work_invalid" (not ours, another account's or room's, or a wrong answer) or
// "proof_of_work_expired" (too old, or easier than the room asks now: solve a new one).
core::Status check_puzzle(const std::string& key_hex, std::int64_t event_id, std::int64_t user_id, int difficulty,
                          const JoinProof& proof, std::int64_t now_ms);

}  // namespace tw::services
