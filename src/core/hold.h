#pragma once
// A hold: seats kept for one fan for a few minutes while they pay.
// States are enums; state_name / parse_* give the words the API and the database both spell
// them with (core/state_words.cpp), and a store that reads a word it does not know fails there.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"

namespace tw::core {

enum class HoldStatus { kActive, kReleased, kExpired, kSold };

struct HoldRecord {
  std::string id;
  std::int64_t event_id = 0;
  std::int64_t user_id = 0;
  std::vector<std::string> seat_ids;
  HoldStatus status = HoldStatus::kActive;
  int renewals = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t expires_at_ms = 0;
  // Each seat's price when it was held, in seat_ids order: an organiser's later price change
  // leaves it. Empty for a hold recorded before holds kept prices (priced by the layout then).
  std::vector<Cents> seat_prices;
  // The access code a presale hold was made with (core/access_code.h) and its batch; empty for
  // a hold of the public sale. Written with the hold, which counts as one of the code's uses;
  // not read back.
  std::string code_id;
  std::string code_batch_id;
};

const char* state_name(HoldStatus s);
std::optional<HoldStatus> parse_hold_status(std::string_view s);

}  // namespace tw::core
