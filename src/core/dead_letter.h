#pragma once
// Events a consumer kept failing on, set aside so it could go on.
// States are enums; state_name / parse_* give the words the API and the database both spell
// them with (core/state_words.cpp), and a store that reads a word it does not know fails there.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tw::core {

// An event a consumer kept failing on, set aside so the consumer could go on (dead_letter_store.h).
enum class DeadLetterState { kOpen, kResolved, kDismissed };

struct DeadLetter {
  std::int64_t id = 0;
  std::string consumer;
  std::int64_t sequence = 0;  // in the event log
  std::string event_id;
  std::string type;
  std::string payload;
  std::string last_error;
  int attempts = 0;
  DeadLetterState state = DeadLetterState::kOpen;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

struct DeadLetterQuery {
  std::optional<DeadLetterState> state;  // any when empty
  std::string consumer;                  // any when empty
  int limit = 100;
};

const char* state_name(DeadLetterState s);
std::optional<DeadLetterState> parse_dead_letter_state(std::string_view s);

}  // namespace tw::core
