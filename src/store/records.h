#pragma once
// Plain records the Store port reads and writes. No behaviour, no I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/layout.h"
#include "core/money.h"

namespace tw::store {

// Events are listed by start time, then id; the cursor is the last row of the previous page.
struct EventCursor {
  std::int64_t starts_utc = 0;
  std::int64_t id = 0;
};

struct EventQuery {
  std::string text;   // matched against name, artist and venue, case-insensitively
  std::string venue;  // exact venue name, case-insensitively; empty = any
  // Bounds on the start time: instants compare in UTC; calendar dates ("YYYY-MM-DD") compare
  // with the event's local date, so "shows on May 9" means May 9 where the show is.
  std::optional<std::int64_t> from_utc;
  std::optional<std::int64_t> to_utc;
  std::optional<std::string> from_date;
  std::optional<std::string> to_date;
  int limit = 20;
  std::optional<EventCursor> after;
  bool include_inactive = false;
};

// An event with the figures a listing shows.
struct EventListing {
  core::Event event;
  core::Cents price_from = 0;
  int sold_seats = 0;  // tickets confirmed or used
};

struct EventPage {
  std::vector<EventListing> events;
  std::optional<EventCursor> next;  // present when more rows may follow
};

enum class Role { kUser, kStaff, kAdmin };

struct NewUser {
  std::string email;  // already normalised
  std::string name;
  std::string password_hash;
  Role role = Role::kUser;
};

struct User {
  std::int64_t id = 0;
  std::string email;
  std::string name;
  std::string password_hash;
  Role role = Role::kUser;
  bool disabled = false;
  std::int64_t created_at = 0;
};

struct UserQuery {
  std::string email_contains;  // empty = all
  int limit = 50;
  std::optional<std::int64_t> after_id;
};

struct UserPage {
  std::vector<User> users;
  std::optional<std::int64_t> next_after_id;
};

struct UserChange {
  std::optional<Role> role;
  std::optional<bool> disabled;
};

struct Session {
  std::string token_hash;  // hex SHA-256 of the token; the token itself is never stored
  std::int64_t user_id = 0;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;
  std::int64_t absolute_expires_at = 0;
};

struct SessionWithUser {
  Session session;
  User user;
};

// Sales figures of one event for the admin dashboard.
struct EventStats {
  std::int64_t event_id = 0;
  std::string slug;
  std::string name;
  bool active = true;
  int total_seats = 0;
  int held_seats = 0;
  int sold_seats = 0;
  core::Cents revenue = 0;  // totals paid for live tickets
};

// One message for the outbox, written in the same transaction as the change it describes.
struct OutboxMessage {
  std::string id;       // UUID, made by the writer
  std::string type;     // seat_locked, seat_released, ticket_sold, payment_processed, ticket_cancelled
  std::string key;      // partition key, e.g. "<eventId>-<seatId>"
  std::string payload;  // JSON object
};

struct OutboxRow {
  std::int64_t sequence = 0;
  std::string id;
  std::string type;
  std::string key;
  std::string payload;
  std::int64_t created_at_ms = 0;
};

struct HoldRecord {
  std::string id;
  std::int64_t event_id = 0;
  std::int64_t user_id = 0;
  std::vector<std::string> seat_ids;
  std::string status = "active";  // active | released | expired | sold
  int renewals = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t expires_at_ms = 0;
};

struct TicketRecord {
  std::string id;  // UUID
  std::string order_id;
  std::int64_t user_id = 0;
  std::int64_t event_id = 0;
  int seat_index = 0;
  std::string seat_id;
  core::Cents price = 0;
  core::Cents fee = 0;
  core::Cents total = 0;
  std::string status = "confirmed";  // confirmed | cancelled | used; "transferred" in a sender's list
  std::int64_t purchased_at = 0;
  std::int64_t code_issued_ms = 0;    // issue time of the ticket's current signed code
  std::int64_t checked_in_at_ms = 0;  // 0 until used
  std::string checked_in_gate;
};

// One scan at a gate: the ticket, the issue time of the code shown, where and when.
struct CheckInRecord {
  std::string ticket_id;
  std::int64_t code_issued_ms = 0;
  std::string gate;
  std::int64_t at_ms = 0;
};

struct TransferRecord {
  std::string ticket_id;
  std::int64_t from_user = 0;
  std::int64_t to_user = 0;
  std::int64_t at_ms = 0;  // also the issue time of the ticket's new code
};

struct TicketKeyRecord {
  std::int64_t id = 0;
  std::string public_key;  // base64url
  std::string secret_key;  // base64url
  std::int64_t created_at_ms = 0;
};

struct OrderRecord {
  std::string id;  // UUID
  std::int64_t user_id = 0;
  std::int64_t event_id = 0;
  std::string hold_id;
  std::string idempotency_key;
  core::Cents subtotal = 0;
  core::Cents fee = 0;
  core::Cents total = 0;
  std::string payment_id;
  std::string status = "confirmed";
  std::int64_t created_at = 0;
  std::vector<TicketRecord> tickets;
};

const char* role_name(Role r);
std::optional<Role> parse_role(std::string_view s);

}  // namespace tw::store
