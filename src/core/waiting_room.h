#pragma once
// A waiting room in front of a hot sale (docs/waiting-room.md): who is queued for an event, in
// what order, who has been let in, and the rules the doorman admits by. Values and arithmetic
// only; the service (services/waiting_room.h) and the store keep them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tw::core {

struct WaitingRoomSettings {
  bool enabled = false;
  int admit_per_minute = 600;  // how many the doorman lets in a minute
  int max_active = 1000;       // admitted fans shopping at once, at most
  int pass_minutes = 20;       // how long a pass lets its fan hold and pay
  int proof_of_work = 0;       // zero bits of the puzzle a fan solves to join (core/join_puzzle.h); 0: none
  bool operator==(const WaitingRoomSettings&) const = default;
};

// kInvalid "invalid_waiting_room" naming the field out of range.
Status validate_waiting_room(const WaitingRoomSettings& s);

enum class QueueEntryState {
  kWaiting,   // in the pre-queue before the opening, or in line after it
  kAdmitted,  // let in: holds a pass until it expires
  kDone,      // the pass ran out or was given up (bought, or gone): the place is free
};

struct QueueEntry {
  std::string id;  // the queue id: random, published in the draw, and shown to its fan
  std::int64_t event_id = 0;
  std::int64_t user_id = 0;
  std::int64_t joined_at_ms = 0;
  std::int64_t turn = 0;  // place in admission order from 1; 0 while in the pre-queue (before the draw)
  QueueEntryState state = QueueEntryState::kWaiting;
  std::int64_t admitted_at_ms = 0;
  std::int64_t pass_expires_ms = 0;
};

// A room and its draw: the seed's commitment is published before the opening, the seed after.
struct WaitingRoomRecord {
  std::int64_t event_id = 0;
  WaitingRoomSettings settings;
  std::string seed;        // secret until drawn_at_ms
  std::string commitment;  // SHA-256 of the seed, public
  std::string pass_key;    // the room's key for signing passes (hex), never public
  std::int64_t drawn_at_ms = 0;  // 0 until the pre-queue is drawn
  bool paused = false;
  bool closing = false;  // drained: no new joins; those in line are still let in
};

const char* state_name(QueueEntryState s);
std::optional<QueueEntryState> parse_queue_entry_state(std::string_view s);

// The doorman's allowance: admissions accrue at the room's rate, at most a few seconds' worth
// banked (so a pause or a quiet spell does not release a burst), and are spent as fans are let in.
class AdmissionBudget {
 public:
  AdmissionBudget() = default;
  // A budget carried over from another server's doorman (cluster mode: kept in Redis).
  AdmissionBudget(double tokens, std::int64_t last_ms) : tokens_(tokens), last_ms_(last_ms) {}
  double tokens() const { return tokens_; }
  std::int64_t last_ms() const { return last_ms_; }
  // How many may be let in at `now_ms`, given the rate, before `spend`.
  int available(const WaitingRoomSettings& s, std::int64_t now_ms);
  void spend(int n) { tokens_ -= n; }
  // Nothing accrues while the sale is closed: the opening starts from an empty allowance, not
  // with a burst that would also make the first minute's measured rate (and waits) wrong.
  void closed(std::int64_t now_ms) {
    tokens_ = 0;
    last_ms_ = now_ms;
  }

 private:
  double tokens_ = 0;
  std::int64_t last_ms_ = 0;
};

// How many the doorman lets in now: no more than the budget allows, than places free under
// max_active, than are waiting, and none at all when nothing is left to sell.
int admissions_due(int budget, int active, int waiting, int max_active, bool sellable);

// Admissions a minute, measured from the `admitted_last_minute` over the last minute, or since
// the draw when that was sooner: a minute's count taken ten seconds after the opening would read
// a sixth of the real rate and promise waits six times too long. Before there is anything to
// measure, the room's own rate.
double admission_rate(int admitted_last_minute, std::int64_t drawn_at_ms, const WaitingRoomSettings& s,
                      std::int64_t now_ms);

}  // namespace tw::core
