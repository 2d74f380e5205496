#pragma once
// The audit trail: every event of the log, as admins search it.
#include <cstdint>
#include <string>

namespace tw::core {

// One line of the audit trail: an event of the log as admins search it. One per event.
struct AuditEntry {
  std::int64_t sequence = 0;  // the event's place in the log
  std::string id;             // the event's id
  std::string type;
  std::int64_t event_id = 0;  // the show it concerns; 0 for none
  std::int64_t user_id = 0;   // the account it concerns; 0 for none
  std::string actor;          // who acted: "user", "admin", "system", "gate:<name>"
  std::int64_t at_ms = 0;
  std::string payload;  // the event's JSON
};

// Filters of the audit trail; a zero or empty field does not filter.
struct AuditQuery {
  std::int64_t event_id = 0;
  std::string type;
  std::int64_t user_id = 0;
  std::int64_t from_ms = 0;          // at or after
  std::int64_t to_ms = 0;            // before
  std::int64_t before_sequence = 0;  // the page after this cursor (entries are newest first)
  int limit = 50;
};

}  // namespace tw::core
