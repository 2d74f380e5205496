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
  int held_seats = 0;  // not known to a store (0): Booking::count_live fills both from the inventory
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
  int checked_in = 0;       // tickets used at a gate
  std::string starts_at;    // ISO-8601 as the organiser wrote it
  std::optional<core::ZonedTime> on_sale_at;  // none: on sale from the start
};

// One message for the outbox, written in the same transaction as the change it describes.
struct OutboxMessage {
  std::string id;       // UUID, made by the writer
  std::string type;     // events/events.h names them (seat_locked, ticket_sold, …)
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

// What one event changes in an event's sales figures, in the minute it happened.
struct SalesChange {
  std::int64_t sequence = 0;  // the event's place in the log: applied once
  std::int64_t event_id = 0;
  std::int64_t minute_ms = 0;  // start of the minute
  std::int64_t held = 0;       // seats newly held
  std::int64_t released = 0;   // seats whose hold ended without a sale
  std::int64_t sold = 0;       // tickets sold
  std::int64_t cancelled = 0;  // tickets cancelled
  std::int64_t revenue_cents = 0;  // sales minus refunds
};

// An event's sales in one minute.
struct SalesMinute {
  std::int64_t minute_ms = 0;
  std::int64_t held = 0;
  std::int64_t released = 0;
  std::int64_t sold = 0;
  std::int64_t cancelled = 0;
  std::int64_t revenue_cents = 0;
};

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

// States are enums everywhere above the store; the adapters convert them to and from the words
// the database holds (state_name / parse_*), and a word they do not know is an error there.
enum class HoldStatus { kActive, kReleased, kExpired, kSold };
enum class TicketStatus { kConfirmed, kCancelled, kUsed, kTransferred };  // kTransferred: a giver's view
enum class OrderStatus { kConfirmed, kRefunded };
// A payment attempt: written kPending before the processor is called, then moved by its answer.
// kFailed: the processor charged nothing (its error, or no charge found when reconciling).
// kRefunded: approved, but no order came of it, and the whole charge went back.
enum class PaymentState { kPending, kApproved, kDeclined, kFailed, kRefunded };
enum class RefundState { kPending, kSucceeded, kFailed };

struct HoldRecord {
  std::string id;
  std::int64_t event_id = 0;
  std::int64_t user_id = 0;
  std::vector<std::string> seat_ids;
  HoldStatus status = HoldStatus::kActive;
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
  TicketStatus status = TicketStatus::kConfirmed;
  std::int64_t purchased_at = 0;
  std::int64_t code_issued_ms = 0;    // issue time of the ticket's current signed code
  std::int64_t checked_in_at_ms = 0;  // 0 until used
  std::string checked_in_gate;
};

// Admins finding sales: tickets of one event (0: any), whose buyer's name or email contains
// `text`, or whose id or order id is `text` (empty: all); newest first, at most `limit`.
struct SoldTicketQuery {
  std::int64_t event_id = 0;
  std::string text;
  int limit = 50;
};

// A ticket with the account that holds it, as the admins' sales search and export show it.
struct SoldTicket {
  TicketRecord ticket;
  std::string buyer_name;
  std::string buyer_email;
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
  std::string payment_id;  // PaymentRecord::id
  OrderStatus status = OrderStatus::kConfirmed;
  std::int64_t created_at = 0;
  std::vector<TicketRecord> tickets;
};

// A sold seat and who holds its ticket now (the per-account limit counts it against them).
struct SoldSeat {
  int seat_index = 0;
  std::int64_t user_id = 0;
};

// Whom an account counts as for ticket limits: the first account of its mailbox (core/mailbox.h).
struct AccountPerson {
  std::int64_t user_id = 0;
  std::int64_t person_id = 0;
};

// One payment attempt: one (user, Idempotency-Key). Written before the processor is called, so
// a charge can never happen without a record here, whatever crashes.
struct PaymentRecord {
  std::string id;  // ours; also the processor's idempotency key, so a retried call charges once
  std::int64_t user_id = 0;
  std::string idempotency_key;  // the client's key, unique per user
  std::string hold_id;
  std::int64_t event_id = 0;
  core::Cents amount = 0;
  PaymentState state = PaymentState::kPending;
  std::string processor_id;  // the processor's id for the charge, once it answered
  std::string decline_code;  // declined / failed: card_declined, insufficient_funds, processor_error
  std::string order_id;      // once the order committed
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

// Money going back: a whole charge that produced no order, or one cancelled ticket.
struct RefundRecord {
  std::string id;  // ours; also the processor's idempotency key for the refund
  std::string payment_id;
  std::string processor_id;  // the processor's id of the charge being refunded
  std::string ticket_id;     // empty for a whole-payment refund
  core::Cents amount = 0;
  std::string reason;  // order_not_completed, ticket_cancelled
  RefundState state = RefundState::kPending;
  int attempts = 0;
  std::string last_error;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::int64_t next_attempt_at_ms = 0;  // when the reconciler may try a pending or failed refund again
};

struct RefundQuery {
  std::optional<RefundState> state;  // any when empty
  int limit = 100;
};

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

// A webhook's event types as one column: "a,b,c" and back.
std::string join_types(const std::vector<std::string>& types);
std::vector<std::string> split_types(std::string_view column);

const char* role_name(Role r);
std::optional<Role> parse_role(std::string_view s);
const char* state_name(HoldStatus s);
const char* state_name(TicketStatus s);
const char* state_name(OrderStatus s);
const char* state_name(PaymentState s);
const char* state_name(RefundState s);
const char* state_name(DeliveryState s);
const char* state_name(DeadLetterState s);
std::optional<HoldStatus> parse_hold_status(std::string_view s);
std::optional<TicketStatus> parse_ticket_status(std::string_view s);
std::optional<OrderStatus> parse_order_status(std::string_view s);
std::optional<PaymentState> parse_payment_state(std::string_view s);
std::optional<RefundState> parse_refund_state(std::string_view s);
std::optional<DeliveryState> parse_delivery_state(std::string_view s);
std::optional<DeadLetterState> parse_dead_letter_state(std::string_view s);

}  // namespace tw::store
