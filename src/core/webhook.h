#pragma once
// Integrators' webhooks and the deliveries of events to them.
// States are enums; state_name / parse_* give the words the API and the database both spell
// them with (core/state_words.cpp), and a store that reads a word it does not know fails there.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tw::core {

// An integrator's endpoint: events of these types are POSTed to `url`, signed with `secret`.
struct WebhookRecord {
  std::string id;  // UUID
  std::string url;
  std::string secret;
  std::vector<std::string> types;  // event types ("ticket_sold", …)
  bool active = true;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

enum class DeliveryState { kPending, kDelivered, kFailed };

// One event on its way to one webhook, with where its retries stand.
struct DeliveryRecord {
  std::string id;  // UUID
  std::string webhook_id;
  std::int64_t sequence = 0;  // the event's place in the log: one delivery per (webhook, event)
  std::string event_id;
  std::string type;
  std::string body;  // the JSON POSTed
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  std::int64_t next_attempt_ms = 0;
  int last_status = 0;  // the receiver's HTTP status; 0 when none came
  std::string last_error;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

struct DeliveryAttempt {
  std::string delivery_id;
  int attempt = 0;
  std::int64_t at_ms = 0;
  int status = 0;  // 0: no answer
  std::string error;
};

const char* state_name(DeliveryState s);
std::optional<DeliveryState> parse_delivery_state(std::string_view s);

}  // namespace tw::core
