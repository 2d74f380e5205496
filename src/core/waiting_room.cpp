#include "core/waiting_room.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "core/join_puzzle.h"

namespace tw::core {

Status validate_waiting_room(const WaitingRoomSettings& s) {
  const auto bad = [](std::string field, std::string range) {
    return invalid("invalid_waiting_room", "waitingRoom." + field + " must be " + range);
  };
  if (s.admit_per_minute < 1 || s.admit_per_minute > 1'000'000) return bad("admitPerMinute", "from 1 to 1000000");
  if (s.max_active < 1 || s.max_active > 1'000'000) return bad("maxActive", "from 1 to 1000000");
  if (s.pass_minutes < 1 || s.pass_minutes > 240) return bad("passMinutes", "from 1 to 240");
  if (s.proof_of_work < 0 || s.proof_of_work > kMaxPuzzleDifficulty) {
    return bad("proofOfWork", "from 0 (none) to " + std::to_string(kMaxPuzzleDifficulty));
  }
  return Ok{};
}

namespace {
constexpr std::array<const char*, 3> kStates{"waiting", "admitted", "done"};
}  // namespace

const char* state_name(QueueEntryState s) { return kStates[static_cast<std::size_t>(s)]; }

std::optional<QueueEntryState> parse_queue_entry_state(std::string_view s) {
  for (std::size_t i = 0; i < kStates.size(); ++i) {
    if (s == kStates[i]) return static_cast<QueueEntryState>(i);
  }
  return std::nullopt;
}

int AdmissionBudget::available(const WaitingRoomSettings& s, std::int64_t now_ms) {
  const double per_ms = s.admit_per_minute / 60'000.0;
  if (last_ms_ > 0 && now_ms > last_ms_) tokens_ += (now_ms - last_ms_) * per_ms;
  last_ms_ = std::max(last_ms_, now_ms);
  // At most two seconds' worth (and at least one admission) banked.
  tokens_ = std::min(tokens_, std::max(1.0, 2'000 * per_ms));
  return static_cast<int>(std::floor(tokens_));
}

int admissions_due(int budget, int active, int waiting, int max_active, bool sellable) {
  if (!sellable) return 0;
  return std::max(0, std::min({budget, max_active - active, waiting}));
}

double admission_rate(int admitted_last_minute, std::int64_t drawn_at_ms, const WaitingRoomSettings& s,
                      std::int64_t now_ms) {
  const auto span = now_ms - std::max(now_ms - 60'000, drawn_at_ms);
  if (admitted_last_minute < 10 || span < 5'000) return s.admit_per_minute;
  return static_cast<double>(admitted_last_minute) * 60'000.0 / static_cast<double>(span);
}

}  // namespace tw::core
