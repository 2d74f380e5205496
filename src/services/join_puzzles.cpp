#include "services/join_puzzles.h"

#include <string_view>
#include <vector>

#include "core/encoding.h"
#include "core/join_puzzle.h"
#include "services/room_signing.h"

namespace tw::services {
namespace {

constexpr std::string_view kPrefix = "TWJ1.";

std::string signed_part(std::int64_t event_id, std::int64_t user_id, std::int64_t given_ms, int difficulty) {
  return std::string(kPrefix) + std::to_string(event_id) + "." + std::to_string(user_id) + "." +
         std::to_string(given_ms) + "." + std::to_string(difficulty);
}

}  // namespace

std::string issue_puzzle(const std::string& key_hex, std::int64_t event_id, std::int64_t user_id, int difficulty,
                         std::int64_t now_ms) {
  const auto payload = signed_part(event_id, user_id, now_ms, difficulty);
  return payload + "." + core::base64url(room_mac(key_hex, payload));
}

core::Status check_puzzle(const std::string& key_hex, std::int64_t event_id, std::int64_t user_id, int difficulty,
                          const JoinProof& proof, std::int64_t now_ms) {
  if (difficulty <= 0) return core::Ok{};
  if (proof.challenge.empty() || proof.nonce.empty()) {
    return core::forbidden("proof_of_work_required",
                     "This sale asks each fan's browser to solve a small puzzle before joining: take the "
                     "challenge from the waiting room (GET …/queue, \"puzzle\") and send it with your answer");
  }
  const auto invalid = [] {
    return core::forbidden("proof_of_work_invalid", "This puzzle's answer is not right for you");
  };
  const std::string_view text(proof.challenge);
  const auto dot = text.rfind('.');
  if (!text.starts_with(kPrefix) || dot == std::string_view::npos || text.size() > 200) return invalid();
  const auto payload = text.substr(0, dot);
  const auto mac = core::from_base64url(text.substr(dot + 1));
  if (!mac || !room_mac_matches(key_hex, payload, *mac)) return invalid();
  std::vector<std::int64_t> f;  // event, account, given at, difficulty
  for (const auto field : split_fields(payload.substr(kPrefix.size()), '.')) f.push_back(field_number(field));
  if (f.size() != 4 || f[0] != event_id || f[1] != user_id) return invalid();
  if (now_ms - f[2] > kPuzzleLifetimeMs || f[2] > now_ms + 60'000 || f[3] < difficulty) {
    return core::forbidden("proof_of_work_expired", "This puzzle has run out: solve the waiting room's new one");
  }
  if (!core::puzzle_solved(proof.challenge, proof.nonce, static_cast<int>(f[3]))) return invalid();
  return core::Ok{};
}

}  // namespace tw::services
