#pragma once
#include <utility>
// The SQL the PostgreSQL adapter runs, as named constants beside the code that uses them (the
// same statements as sqlite_queries.h in PostgreSQL's dialect). PgConnection prepares each once
// per connection, by address.

namespace tw::store::pg::sql {

// Columns read by read_event()/read_listing(), in this order.
#define TW_PG_EVENT_COLUMNS                                                                            \
  "e.id, e.slug, e.name, e.artist, e.venue, e.starts_at_utc, e.starts_at_offset, e.description, "     \
  "e.image, e.color, e.on_sale_at_utc, e.on_sale_at_offset, e.is_active::int, e.ticket_limit, "       \
  "e.hold_seconds, e.layout_id, e.total_seats, e.price_from_cents, e.created_at, e.updated_at, "      \
  "(SELECT COUNT(*) FROM tickets t WHERE t.event_id = e.id AND t.status IN ('confirmed', 'used')), "    \
  "e.cancelled_at, e.cancel_reason, e.currency, e.presale_at_utc, e.presale_at_offset"

inline constexpr const char* kListEvents =
    "SELECT " TW_PG_EVENT_COLUMNS
    " FROM events e"
    " WHERE ($1::boolean OR e.is_active)"
    "   AND ($2::text IS NULL OR e.name ILIKE $2 ESCAPE '\\' OR e.artist ILIKE $2 ESCAPE '\\'"
    "        OR e.venue ILIKE $2 ESCAPE '\\')"
    "   AND ($3::text IS NULL OR lower(e.venue) = lower($3))"
    "   AND ($4::bigint IS NULL OR e.starts_at_utc >= $4)"
    "   AND ($5::bigint IS NULL OR e.starts_at_utc <= $5)"
    "   AND ($6::bigint IS NULL OR (e.starts_at_utc, e.id) > ($6, $7::bigint))"
    "   AND ($9::text IS NULL OR substr(e.starts_at, 1, 10) >= $9)"
    "   AND ($10::text IS NULL OR substr(e.starts_at, 1, 10) <= $10)"
    " ORDER BY e.starts_at_utc, e.id LIMIT $8";
inline constexpr const char* kFindEventBySlug = "SELECT " TW_PG_EVENT_COLUMNS " FROM events e WHERE e.slug = $1";
inline constexpr const char* kFindEventById = "SELECT " TW_PG_EVENT_COLUMNS " FROM events e WHERE e.id = $1";
#undef TW_PG_EVENT_COLUMNS

// Locks the row: a concurrent change of the same event waits for this one.
inline constexpr const char* kEventCurrency = "SELECT currency FROM events WHERE id = $1 FOR UPDATE";
inline constexpr const char* kCountEvents = "SELECT COUNT(*) FROM events";
inline constexpr const char* kFindLayout = "SELECT layout_json FROM venue_layouts WHERE id = $1";
inline constexpr const char* kInsertLayout =
    "INSERT INTO venue_layouts (name, layout_json, seat_count, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
inline constexpr const char* kInsertEvent =
    "INSERT INTO events (slug, name, artist, venue, starts_at, starts_at_utc, starts_at_offset, description,"
    " image, color, on_sale_at_utc, on_sale_at_offset, is_active, ticket_limit, hold_seconds, layout_id,"
    " total_seats, price_from_cents, created_at, updated_at, currency, presale_at_utc, presale_at_offset)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,"
    " $23)"
    " RETURNING id";
// The seats of a layout in one statement: parallel arrays, one element per seat.
inline constexpr const char* kInsertSeats =
    "INSERT INTO seats (event_id, seat_index, seat_id, section, row_label, number, tier, price_cents)"
    " SELECT $1, s.i, s.id, s.section, s.row_label, s.number, s.tier, s.price"
    " FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::bigint[])"
    " AS s(i, id, section, row_label, number, tier, price)";
inline constexpr const char* kUpdateEvent =
    "UPDATE events SET slug = $2, name = $3, artist = $4, venue = $5, starts_at = $6, starts_at_utc = $7,"
    " starts_at_offset = $8, description = $9, image = $10, color = $11, on_sale_at_utc = $12,"
    " on_sale_at_offset = $13, is_active = CASE WHEN cancelled_at IS NULL THEN $14 ELSE FALSE END, ticket_limit = $15, hold_seconds = $16, updated_at = $17,"
    " currency = $18, presale_at_utc = $19, presale_at_offset = $20"
    " WHERE id = $1";
inline constexpr const char* kUpdateEventLayout =
    "UPDATE events SET layout_id = $2, total_seats = $3, price_from_cents = $4 WHERE id = $1";
// The same, only while the event's layout is still $5 (a price change made from it).
inline constexpr const char* kRepriceEventLayout =
    "UPDATE events SET layout_id = $2, total_seats = $3, price_from_cents = $4 WHERE id = $1 AND layout_id = $5";
inline constexpr const char* kDeleteSeats = "DELETE FROM seats WHERE event_id = $1";
// Every row of seats at its price: row r is seat_index $2[r] up to $3[r], at $4[r] cents.
inline constexpr const char* kRepriceSeats =
    "UPDATE seats s SET price_cents = r.price FROM unnest($2::int[], $3::int[], $4::bigint[]) AS r(lo, hi, price)"
    " WHERE s.event_id = $1 AND s.seat_index >= r.lo AND s.seat_index < r.hi AND s.price_cents <> r.price";
inline constexpr const char* kSeatsTaken =
    "SELECT (SELECT COUNT(*) FROM tickets WHERE event_id = $1)"
    " + (SELECT COUNT(*) FROM holds WHERE event_id = $1 AND status = 'active')"
    " + (SELECT COUNT(*) FROM seat_blocks WHERE event_id = $1)";
// Show cancellations (migration 024).
inline constexpr const char* kCancelEvent =
    "UPDATE events SET is_active = FALSE, cancelled_at = $2, cancel_reason = $3, updated_at = $2"
    " WHERE id = $1 AND cancelled_at IS NULL";
inline constexpr const char* kCancellationsInProgress =
    "SELECT id FROM events WHERE cancelled_at IS NOT NULL AND cancellation_done_at IS NULL ORDER BY id";
inline constexpr const char* kFinishCancellation =
    "UPDATE events SET cancellation_done_at = $2 WHERE id = $1 AND cancellation_done_at IS NULL";
inline constexpr const char* kDeactivateEvent = "UPDATE events SET is_active = FALSE, updated_at = $2 WHERE id = $1";
inline constexpr const char* kEventStats =
    "SELECT e.id, e.slug, e.name, e.is_active::int, e.total_seats,"
    " (SELECT COALESCE(SUM(json_array_length(h.seat_ids::json)), 0) FROM holds h"
    "   WHERE h.event_id = e.id AND h.status = 'active' AND h.expires_at_ms > $1),"
    " (SELECT COUNT(*) FROM tickets t WHERE t.event_id = e.id AND t.status IN ('confirmed', 'used')),"
    " (SELECT COALESCE(SUM(t.total_cents), 0) FROM tickets t"
    "   WHERE t.event_id = e.id AND t.status IN ('confirmed', 'used')),"
    " (SELECT COUNT(*) FROM tickets t WHERE t.event_id = e.id AND t.status = 'used'), e.starts_at,"
    " e.on_sale_at_utc, e.on_sale_at_offset, COALESCE(e.cancelled_at, 0), e.currency,"
    " (SELECT COUNT(*) FROM seat_blocks b WHERE b.event_id = e.id), e.presale_at_utc, e.presale_at_offset"
    " FROM events e ORDER BY e.starts_at_utc, e.id";

#define TW_PG_USER_COLUMNS "id, email, name, password_hash, role, disabled::int, created_at, email_verified::int"
// The new account joins the person of the first account of its mailbox ($7), if any. Sign-ups of
// one mailbox are serialised by kLockMailbox first, so two at once cannot both be its first.
inline constexpr const char* kInsertUser =
    "INSERT INTO users (email, name, password_hash, role, created_at, updated_at, mailbox, person_id, email_verified)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT COALESCE(person_id, id) FROM users WHERE mailbox = $7"
    " ORDER BY id LIMIT 1), $8::boolean) RETURNING id";
inline constexpr const char* kLockMailbox = "SELECT pg_advisory_xact_lock(7428, hashtext($1))";
// The person each account counts as for ticket limits.
inline constexpr const char* kPeopleOf =
    "SELECT id, COALESCE(person_id, id) FROM users WHERE id = ANY($1::bigint[])";
inline constexpr const char* kFindUserByEmail = "SELECT " TW_PG_USER_COLUMNS " FROM users WHERE email = $1";
inline constexpr const char* kFindUserById = "SELECT " TW_PG_USER_COLUMNS " FROM users WHERE id = $1";
inline constexpr const char* kCountAdmins = "SELECT COUNT(*) FROM users WHERE role = 'admin'";
inline constexpr const char* kListUsers =
    "SELECT " TW_PG_USER_COLUMNS " FROM users"
    " WHERE ($1::text IS NULL OR email LIKE $1 ESCAPE '\\') AND ($2::bigint IS NULL OR id > $2) ORDER BY id LIMIT $3";
#undef TW_PG_USER_COLUMNS
inline constexpr const char* kUpdateUser =
    "UPDATE users SET role = COALESCE($2, role), disabled = COALESCE($3::boolean, disabled),"
    " name = COALESCE($5, name), password_hash = COALESCE($6, password_hash), updated_at = $4 WHERE id = $1";
// Every live session of the account but $3 (a token hash; '' keeps none).
inline constexpr const char* kRevokeOtherSessions =
    "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND token_hash <> $3";
inline constexpr const char* kInsertEmailVerification =
    "INSERT INTO email_verifications (token_hash, user_id, email, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)";
// Locked: two followings of one link at once spend it once.
inline constexpr const char* kFindEmailVerification =
    "SELECT user_id, email, expires_at, CASE WHEN used_at IS NULL THEN 0 ELSE 1 END FROM email_verifications"
    " WHERE token_hash = $1 FOR UPDATE";
// Spends every link of the account for this address (a fan who asked twice follows one).
inline constexpr const char* kSpendEmailVerifications =
    "UPDATE email_verifications SET used_at = $3 WHERE user_id = $1 AND email = $2 AND used_at IS NULL";
inline constexpr const char* kSetVerifiedEmail =
    "UPDATE users SET email = $2, mailbox = $3, email_verified = TRUE, updated_at = $4 WHERE id = $1";
inline constexpr const char* kLiveSessionsOfUser =
    "SELECT token_hash, user_id, created_at, last_seen_at, expires_at, absolute_expires_at, user_agent, client_ip"
    " FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND absolute_expires_at > $2"
    " ORDER BY last_seen_at DESC, created_at DESC";
inline constexpr const char* kInsertPasswordReset =
    "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
// Locked: two redemptions of one link at once spend it once.
inline constexpr const char* kFindPasswordReset =
    "SELECT user_id, expires_at, CASE WHEN used_at IS NULL THEN 0 ELSE 1 END FROM password_resets"
    " WHERE token_hash = $1 FOR UPDATE";
inline constexpr const char* kSpendPasswordResets =
    "UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL";
inline constexpr const char* kSetPassword = "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1";
inline constexpr const char* kRevokeUserSessions =
    "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL";
// A person's data export (GET /api/account/export): each section is the JSON array of their rows
// as stored, built by the database ($1 is the account id).
#define TW_JSON_ROWS(object, rest) "SELECT COALESCE(json_agg(" object "), '[]')::text FROM " rest
inline constexpr std::pair<const char*, const char*> kPersonalData[] = {
    {"sessions", TW_JSON_ROWS("json_build_object('signedInAt', created_at, 'lastSeenAt', last_seen_at, 'expiresAt', "
                              "expires_at, 'endedAt', revoked_at, 'browser', user_agent, 'address', client_ip)",
                              "sessions WHERE user_id = $1")},
    {"holds", TW_JSON_ROWS("json_build_object('id', id, 'eventId', event_id, 'seats', seat_ids::json, 'status', "
                           "status, 'createdAtMs', created_at_ms, 'expiresAtMs', expires_at_ms)",
                           "holds WHERE user_id = $1")},
    {"payments", TW_JSON_ROWS("json_build_object('id', id, 'eventId', event_id, 'holdId', hold_id, 'amountCents', "
                              "amount_cents, 'state', state, 'declineCode', decline_code, 'orderId', order_id, "
                              "'createdAtMs', created_at_ms)",
                              "payments WHERE user_id = $1")},
    {"orders", TW_JSON_ROWS("json_build_object('id', id, 'eventId', event_id, 'holdId', hold_id, 'subtotalCents', "
                            "subtotal_cents, 'feeCents', fee_cents, 'totalCents', total_cents, 'paymentId', "
                            "payment_id, 'status', status, 'createdAt', created_at)",
                            "orders WHERE user_id = $1")},
    {"tickets", TW_JSON_ROWS("json_build_object('id', id, 'orderId', order_id, 'eventId', event_id, 'seatId', "
                             "seat_id, 'totalCents', total_cents, 'status', CASE WHEN user_id = $1 THEN status ELSE "
                             "'transferred' END, 'purchasedAt', purchased_at)",
                             "tickets WHERE user_id = $1 OR id IN (SELECT ticket_id FROM ticket_transfers WHERE "
                             "from_user = $1)")},
    {"transfers", TW_JSON_ROWS("json_build_object('ticketId', ticket_id, 'direction', CASE WHEN from_user = $1 "
                               "THEN 'given' ELSE 'received' END, 'atMs', at_ms)",
                               "ticket_transfers WHERE from_user = $1 OR to_user = $1")},
    {"ticketsSentByEmail", TW_JSON_ROWS("json_build_object('ticketId', ticket_id, 'to', to_email, 'state', state, "
                                        "'sentAt', created_at, 'closedAt', closed_at)",
                                        "ticket_offers WHERE from_user = $1")},
    {"queuePlaces", TW_JSON_ROWS("json_build_object('eventId', event_id, 'joinedAtMs', joined_at_ms, 'turn', turn, "
                                 "'state', state, 'admittedAtMs', admitted_at_ms)",
                                 "queue_entries WHERE user_id = $1")}};
#undef TW_JSON_ROWS
// Deleting an account ($1) at $2, statement by statement in one transaction: its name, address
// and password go, replaced by a pseudonym; so do its sessions, its links and the addresses it
// sent tickets to. Orders, payments and tickets stay, under the account's id (docs/privacy.md).
inline constexpr const char* kForgetUser[] = {
    "UPDATE users SET email = 'deleted-' || id || '@deleted.invalid', name = 'Deleted account ' || id,"
    " password_hash = '!', disabled = TRUE, email_verified = FALSE, mailbox = 'deleted-' || id, updated_at = $2"
    " WHERE id = $1",
    "DELETE FROM sessions WHERE user_id = $1 AND created_at <= $2",
    "DELETE FROM email_verifications WHERE user_id = $1 AND created_at <= $2",
    "DELETE FROM password_resets WHERE user_id = $1 AND created_at <= $2",
    "UPDATE ticket_offers SET state = 'cancelled', closed_at = $2 WHERE from_user = $1 AND state = 'open'",
    "UPDATE ticket_offers SET to_email = '' WHERE from_user = $1 AND created_at <= $2",
    "DELETE FROM code_redemptions WHERE user_id = $1 AND $2::bigint >= 0"};
inline constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, absolute_expires_at,"
    " user_agent, client_ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
inline constexpr const char* kFindSession =
    "SELECT s.token_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.absolute_expires_at,"
    " u.id, u.email, u.name, u.password_hash, u.role, u.disabled::int, u.created_at, u.email_verified::int"
    " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.revoked_at IS NULL";
inline constexpr const char* kTouchSession =
    "UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1 AND revoked_at IS NULL";
inline constexpr const char* kRevokeSession =
    "UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL";

#define TW_PG_HOLD_COLUMNS "id, event_id, user_id, seat_ids, status, renewals, created_at_ms, expires_at_ms, seat_prices"
inline constexpr const char* kInsertHold =
    "INSERT INTO holds (" TW_PG_HOLD_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
inline constexpr const char* kInsertCodedHold =
    "INSERT INTO holds (" TW_PG_HOLD_COLUMNS ", code_id, code_batch_id, code_seats)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
inline constexpr const char* kFindHold = "SELECT " TW_PG_HOLD_COLUMNS " FROM holds WHERE id = $1";
// Event by event, so that holds_by_event (event_id, status) finds the active ones: with status
// alone the query read every hold ever made (or every entry of that index). OFFSET 0 keeps the
// planner from folding the per-event look-up back into one join over all holds.
inline constexpr const char* kActiveHolds =
    "SELECT h.* FROM events e, LATERAL (SELECT " TW_PG_HOLD_COLUMNS " FROM holds"
    " WHERE holds.event_id = e.id AND holds.status = 'active' OFFSET 0) h";
inline constexpr const char* kActiveHoldsOfEvent =
    "SELECT " TW_PG_HOLD_COLUMNS " FROM holds WHERE event_id = $1 AND status = 'active'";
inline constexpr const char* kActiveHoldsOfUser =
    "SELECT " TW_PG_HOLD_COLUMNS " FROM holds WHERE user_id = $1 AND event_id = $2 AND status = 'active'";
#undef TW_PG_HOLD_COLUMNS
inline constexpr const char* kExtendHold =
    "UPDATE holds SET renewals = $2, expires_at_ms = $3 WHERE id = $1 AND status = 'active'";
inline constexpr const char* kEndHold = "UPDATE holds SET status = $2 WHERE id = $1 AND status = 'active'";
inline constexpr const char* kMarkHoldSold =
    "UPDATE holds SET status = 'sold' WHERE id = $1 AND status IN ('active', 'expired')";
inline constexpr const char* kSoldSeats =
    "SELECT seat_index, user_id FROM tickets WHERE event_id = $1 AND status IN ('confirmed', 'used')";

#define TW_PG_PAYMENT_COLUMNS                                                                              \
  "id, user_id, idempotency_key, hold_id, event_id, amount_cents, state, processor_id, decline_code,"      \
  " COALESCE(order_id, ''), created_at_ms, updated_at_ms,"                                       \
  " (SELECT currency FROM events WHERE id = payments.event_id)"
inline constexpr const char* kInsertPayment =
    "INSERT INTO payments (id, user_id, idempotency_key, hold_id, event_id, amount_cents, state, processor_id,"
    " decline_code, created_at_ms, updated_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
inline constexpr const char* kFindPayment = "SELECT " TW_PG_PAYMENT_COLUMNS " FROM payments WHERE id = $1";
inline constexpr const char* kFindPaymentByKey =
    "SELECT " TW_PG_PAYMENT_COLUMNS " FROM payments WHERE user_id = $1 AND idempotency_key = $2";
inline constexpr const char* kUnsettledPayments =
    "SELECT " TW_PG_PAYMENT_COLUMNS " FROM payments"
    " WHERE (state = 'pending' OR (state = 'approved' AND order_id IS NULL)) AND updated_at_ms < $1"
    "   AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = payments.id AND r.ticket_id IS NULL)"
    " ORDER BY updated_at_ms LIMIT $2";
#undef TW_PG_PAYMENT_COLUMNS
inline constexpr const char* kMovePayment =
    "UPDATE payments SET state = $2, processor_id = $3, decline_code = $4, updated_at_ms = $5"
    " WHERE id = $1 AND state = $6";
inline constexpr const char* kApprovePaymentForOrder =
    "UPDATE payments SET state = 'approved', processor_id = $2, order_id = $3, updated_at_ms = $4"
    " WHERE id = $1 AND state = 'pending'";
inline constexpr const char* kRefundPayment =
    "UPDATE payments SET state = 'refunded', updated_at_ms = $2"
    " WHERE id = $1 AND state = 'approved' AND order_id IS NULL";

#define TW_PG_REFUND_COLUMNS                                                                                 \
  "id, payment_id, processor_id, COALESCE(ticket_id, ''), amount_cents, reason, state, attempts,"           \
  " last_error, created_at_ms, updated_at_ms, next_attempt_at_ms,"                                   \
  " (SELECT e.currency FROM payments p JOIN events e ON e.id = p.event_id WHERE p.id = refunds.payment_id)"
inline constexpr const char* kInsertRefund =
    "INSERT INTO refunds (id, payment_id, processor_id, ticket_id, amount_cents, reason, state, attempts, last_error,"
    " created_at_ms, updated_at_ms, next_attempt_at_ms)"
    " VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6, $7, $8, $9, $10, $11, $12)";
inline constexpr const char* kFindRefund = "SELECT " TW_PG_REFUND_COLUMNS " FROM refunds WHERE id = $1";
inline constexpr const char* kRefundsDue =
    "SELECT " TW_PG_REFUND_COLUMNS " FROM refunds WHERE state <> 'succeeded' AND next_attempt_at_ms > 0"
    " AND next_attempt_at_ms <= $1 ORDER BY next_attempt_at_ms LIMIT $2";
inline constexpr const char* kListRefunds =
    "SELECT " TW_PG_REFUND_COLUMNS " FROM refunds WHERE ($1::text IS NULL OR state = $1)"
    " ORDER BY created_at_ms DESC, id LIMIT $2";
#undef TW_PG_REFUND_COLUMNS
inline constexpr const char* kUpdateRefund =
    "UPDATE refunds SET state = $2, attempts = $3, last_error = $4, updated_at_ms = $5, next_attempt_at_ms = $6"
    " WHERE id = $1";

inline constexpr const char* kInsertOrder =
    "INSERT INTO orders (id, user_id, event_id, hold_id, idempotency_key, subtotal_cents, fee_cents, total_cents,"
    " payment_id, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
// An order's tickets in one statement: parallel arrays, one element per ticket. Only those whose
// position and id are a seat of the event's layout now are inserted (the caller counts them): a
// checkout that placed a seat by a layout an organiser has since replaced must not commit.
inline constexpr const char* kInsertTickets =
    "INSERT INTO tickets (id, order_id, user_id, event_id, seat_index, seat_id, price_cents, fee_cents, total_cents,"
    " status, purchased_at, code_issued_ms)"
    " SELECT t.id, $1, $2, $3, t.seat_index, t.seat_id, t.price, t.fee, t.total, 'confirmed', $4::bigint, $4::bigint * 1000"
    " FROM unnest($5::text[], $6::int[], $7::text[], $8::bigint[], $9::bigint[], $10::bigint[])"
    " AS t(id, seat_index, seat_id, price, fee, total)"
    " JOIN seats s ON s.event_id = $3 AND s.seat_index = t.seat_index AND s.seat_id = t.seat_id";
#define TW_PG_ORDER_COLUMNS                                                                                \
  "id, user_id, event_id, hold_id, idempotency_key, subtotal_cents, fee_cents, total_cents, payment_id,"   \
  " status, created_at"
inline constexpr const char* kFindOrder = "SELECT " TW_PG_ORDER_COLUMNS " FROM orders WHERE id = $1";
inline constexpr const char* kFindOrderByKey =
    "SELECT " TW_PG_ORDER_COLUMNS " FROM orders WHERE user_id = $1 AND idempotency_key = $2";
#undef TW_PG_ORDER_COLUMNS
#define TW_PG_TICKET_COLUMNS                                                                               \
  "id, order_id, user_id, event_id, seat_index, seat_id, price_cents, fee_cents, total_cents, status,"     \
  " purchased_at, code_issued_ms, COALESCE(checked_in_at_ms, 0), COALESCE(checked_in_gate, '')"
inline constexpr const char* kTicketsOfOrder =
    "SELECT " TW_PG_TICKET_COLUMNS " FROM tickets WHERE order_id = $1 ORDER BY seat_index";
inline constexpr const char* kTicketsOfUser =
    "SELECT * FROM (SELECT " TW_PG_TICKET_COLUMNS ", issued_seq AS r FROM tickets WHERE user_id = $1"
    " UNION ALL SELECT id, order_id, $1, event_id, seat_index, seat_id, price_cents, fee_cents, total_cents,"
    " 'transferred', purchased_at, 0, 0, '', t.issued_seq FROM tickets t WHERE t.user_id <> $1"
    " AND t.id IN (SELECT ticket_id FROM ticket_transfers WHERE from_user = $1)) mine"
    " ORDER BY purchased_at DESC, r DESC";
inline constexpr const char* kTicketsOfEvent =
    "SELECT " TW_PG_TICKET_COLUMNS " FROM tickets WHERE event_id = $1 ORDER BY seat_index, purchased_at";
inline constexpr const char* kFindTicket = "SELECT " TW_PG_TICKET_COLUMNS " FROM tickets WHERE id = $1";
// $1 event (0: any), $2 the text as typed, $3 it as a LIKE pattern, $4 limit. Searching one show
// reads that show's tickets through its index: a prepared statement may be planned once for
// every value, and "$1 = 0 OR event_id = $1" then reads every ticket sold.
#define TW_PG_SOLD_TICKETS(where)                                                               \
  "SELECT s.*, u.name, u.email FROM (SELECT " TW_PG_TICKET_COLUMNS " FROM tickets WHERE " where ") s" \
  " JOIN users u ON u.id = s.user_id"                                                           \
  " WHERE $2 = '' OR s.id::text = $2 OR s.order_id::text = $2 OR u.email ILIKE $3 ESCAPE '\\'"   \
  " OR u.name ILIKE $3 ESCAPE '\\' ORDER BY s.purchased_at DESC, s.id LIMIT $4"
// A prepared statement must name every parameter (PostgreSQL infers their types), so the one for
// any show still says $1: it is 0 there.
inline constexpr const char* kFindSoldTickets = TW_PG_SOLD_TICKETS("$1::bigint = 0");
inline constexpr const char* kFindSoldTicketsOfEvent = TW_PG_SOLD_TICKETS("event_id = $1");
#undef TW_PG_SOLD_TICKETS
// A cancelled show (migration 024): its tickets still to cancel; how far the job is; who has
// not been told yet (payers and holders of its cancelled tickets); one person's tickets with
// their refunds, for the email.
inline constexpr const char* kTicketsToCancel =
    "SELECT " TW_PG_TICKET_COLUMNS " FROM tickets WHERE event_id = $1 AND status = 'confirmed' ORDER BY seat_index LIMIT $2";
inline constexpr const char* kCancellationProgress =
    "SELECT (SELECT COUNT(*) FROM tickets WHERE event_id = $1 AND status = 'confirmed'), COUNT(r.id),"
    " COALESCE(SUM(CASE WHEN r.state = 'succeeded' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN r.state = 'pending' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN r.state = 'failed' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN r.state = 'succeeded' THEN r.amount_cents ELSE 0 END), 0)::bigint,"
    " COALESCE(SUM(r.amount_cents), 0)::bigint,"
    " (SELECT COUNT(*) FROM cancellation_notices WHERE event_id = $1)"
    " FROM tickets t JOIN refunds r ON r.ticket_id = t.id AND r.reason = 'show_cancelled' WHERE t.event_id = $1";
inline constexpr const char* kPeopleToTell =
    "SELECT p FROM (SELECT o.user_id AS p FROM tickets t JOIN orders o ON o.id = t.order_id"
    "   JOIN refunds r ON r.ticket_id = t.id AND r.reason = 'show_cancelled' WHERE t.event_id = $1"
    " UNION SELECT t.user_id FROM tickets t JOIN refunds r ON r.ticket_id = t.id AND r.reason = 'show_cancelled'"
    "   WHERE t.event_id = $1) x"
    " WHERE NOT EXISTS (SELECT 1 FROM cancellation_notices n WHERE n.event_id = $1 AND n.user_id = x.p)"
    " ORDER BY p LIMIT $2";
inline constexpr const char* kRecordCancellationNotice =
    "INSERT INTO cancellation_notices (event_id, user_id, sent_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
inline constexpr const char* kCancelledTicketsFor =
    "SELECT s.*, o.user_id, r.amount_cents, r.state FROM (SELECT " TW_PG_TICKET_COLUMNS " FROM tickets WHERE event_id = $1) s"
    " JOIN orders o ON o.id = s.order_id JOIN refunds r ON r.ticket_id = s.id AND r.reason = 'show_cancelled'"
    " WHERE s.user_id = $2 OR o.user_id = $2 ORDER BY s.seat_index";
#undef TW_PG_TICKET_COLUMNS
inline constexpr const char* kCheckIn =
    "UPDATE tickets SET status = 'used', checked_in_at_ms = $2, checked_in_gate = $3"
    " WHERE id = $1 AND status = 'confirmed' AND code_issued_ms = $4";
inline constexpr const char* kEarlierCheckIn =
    "UPDATE tickets SET checked_in_at_ms = $2, checked_in_gate = $3"
    " WHERE id = $1 AND status = 'used' AND checked_in_at_ms > $2";
#define TW_OFFER_COLUMNS \
  "token_hash, ticket_id, from_user, to_email, created_at, expires_at, state, COALESCE(claimed_by, 0), COALESCE(closed_at, 0)"
inline constexpr const char* kInsertTicketOffer =
    "INSERT INTO ticket_offers (token_hash, ticket_id, from_user, to_email, created_at, expires_at)"
    " VALUES ($1, $2, $3, $4, $5, $6)";
inline constexpr const char* kFindTicketOffer = "SELECT " TW_OFFER_COLUMNS " FROM ticket_offers WHERE token_hash = $1";
inline constexpr const char* kOpenTicketOffer =
    "SELECT " TW_OFFER_COLUMNS " FROM ticket_offers WHERE ticket_id = $1 AND state = 'open'";
#undef TW_OFFER_COLUMNS
// Moves an offer from one state to another: only one of two racing claims (or a claim and a
// cancellation) finds it in the state it expects.
inline constexpr const char* kMoveTicketOffer =
    "UPDATE ticket_offers SET state = $3, claimed_by = NULLIF($4::bigint, 0), closed_at = NULLIF($5::bigint, 0)"
    " WHERE token_hash = $1 AND state = $2";
// Apple Wallet devices and the passes they hold (migration 023).
inline constexpr const char* kRegisterPass =
    "INSERT INTO wallet_registrations (device_id, pass_type, serial, push_token, created_at)"
    " VALUES ($1, $2, $3, $4, $5)"
    " ON CONFLICT (device_id, pass_type, serial) DO UPDATE SET push_token = excluded.push_token";
inline constexpr const char* kFindPassRegistration =
    "SELECT 1 FROM wallet_registrations WHERE device_id = $1 AND pass_type = $2 AND serial = $3";
inline constexpr const char* kUnregisterPass =
    "DELETE FROM wallet_registrations WHERE device_id = $1 AND pass_type = $2 AND serial = $3";
inline constexpr const char* kRegisteredSerials =
    "SELECT serial FROM wallet_registrations WHERE device_id = $1 AND pass_type = $2 ORDER BY serial";
inline constexpr const char* kTransferTicket =
    "UPDATE tickets SET user_id = $3, code_issued_ms = $4 WHERE id = $1 AND user_id = $2 AND status = 'confirmed'";
inline constexpr const char* kInsertTransfer =
    "INSERT INTO ticket_transfers (ticket_id, from_user, to_user, at_ms) VALUES ($1, $2, $3, $4)";
inline constexpr const char* kTicketKeys =
    "SELECT id, public_key, secret_key, created_at_ms FROM ticket_keys ORDER BY id";
inline constexpr const char* kInsertTicketKey =
    "INSERT INTO ticket_keys (id, public_key, secret_key, created_at_ms) VALUES ($1, $2, $3, $4)";
inline constexpr const char* kCancelTicket =
    "UPDATE tickets SET status = 'cancelled' WHERE id = $1 AND status = 'confirmed'";

// A change's outbox messages in one statement.
inline constexpr const char* kInsertOutbox =
    "INSERT INTO outbox (id, type, key, payload, created_at_ms)"
    " SELECT m.id, m.type, m.key, m.payload, $1 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])"
    " WITH ORDINALITY AS m(id, type, key, payload, n) ORDER BY m.n";
inline constexpr const char* kOutboxAfter =
    "SELECT sequence, id, type, key, payload, created_at_ms FROM outbox WHERE sequence > $1 ORDER BY sequence LIMIT $2";
inline constexpr const char* kConsumerOffset = "SELECT sequence FROM consumer_offsets WHERE consumer = $1";
// Only forward: a late commit of an older batch changes nothing.
inline constexpr const char* kCommitOffset =
    "INSERT INTO consumer_offsets (consumer, sequence, updated_at_ms) VALUES ($1, $2, $3)"
    " ON CONFLICT (consumer) DO UPDATE SET sequence = GREATEST(consumer_offsets.sequence, EXCLUDED.sequence),"
    " updated_at_ms = EXCLUDED.updated_at_ms";
inline constexpr const char* kRewindOffset =
    "INSERT INTO consumer_offsets (consumer, sequence, updated_at_ms) VALUES ($1, $2, $3)"
    " ON CONFLICT (consumer) DO UPDATE SET sequence = LEAST(consumer_offsets.sequence, EXCLUDED.sequence),"
    " updated_at_ms = EXCLUDED.updated_at_ms";
inline constexpr const char* kLastSequence = "SELECT COALESCE(MAX(sequence), 0) FROM outbox";
inline constexpr const char* kResetTickets =
    "DELETE FROM cancellation_notices; DELETE FROM ticket_offers; DELETE FROM ticket_transfers; DELETE FROM tickets; DELETE FROM orders; DELETE FROM refunds;"
    " DELETE FROM payments; DELETE FROM holds; DELETE FROM sales_minutes;";

// The audit trail and sales figures (migration 008).
inline constexpr const char* kAppendAudit =
    "INSERT INTO audit_log (sequence, id, type, event_id, user_id, actor, at_ms, payload)"
    " SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[],"
    " $7::bigint[], $8::text[]) ON CONFLICT (sequence) DO NOTHING";
// An audit search ($1 show, 0 for any; $2 type; $3 account, 0 for any; $4 from; $5 to; $6 before
// sequence; $7 limit). Narrowed to an account or a show it has a statement of its own that reads
// that key's index: a prepared statement may be planned once for every value, and
// "$1 = 0 OR event_id = $1" then walks the whole trail (an entry per seat held).
#define TW_PG_AUDIT_SELECT "SELECT sequence, id, type, event_id, user_id, actor, at_ms, payload FROM audit_log"
#define TW_PG_AUDIT_FILTERS                                                                           \
  " AND ($2::text = '' OR type = $2) AND ($4::bigint = 0 OR at_ms >= $4) AND ($5::bigint = 0 OR at_ms < $5)" \
  " AND ($6::bigint = 0 OR sequence < $6) ORDER BY sequence DESC LIMIT $7"
inline constexpr const char* kAuditEntries = TW_PG_AUDIT_SELECT
    " WHERE ($1::bigint = 0 OR event_id = $1) AND ($3::bigint = 0 OR user_id = $3)" TW_PG_AUDIT_FILTERS;
inline constexpr const char* kAuditEntriesOfUser =
    TW_PG_AUDIT_SELECT " WHERE user_id = $3 AND ($1::bigint = 0 OR event_id = $1)" TW_PG_AUDIT_FILTERS;
// Every parameter named, as for kFindSoldTickets: $3, the account, is 0 here.
inline constexpr const char* kAuditEntriesOfEvent =
    TW_PG_AUDIT_SELECT " WHERE event_id = $1 AND $3::bigint = 0" TW_PG_AUDIT_FILTERS;
#undef TW_PG_AUDIT_SELECT
#undef TW_PG_AUDIT_FILTERS
// The sequences not applied before (migration 010). Two servers marking the same one: the
// second waits for the first to commit and then gets no row for it. Sorted, so two batches
// lock their rows in the same order.
inline constexpr const char* kMarkSalesApplied =
    "INSERT INTO sales_applied (sequence) SELECT s FROM unnest($1::bigint[]) AS s ORDER BY s"
    " ON CONFLICT (sequence) DO NOTHING RETURNING sequence";
inline constexpr const char* kSalesThrough = "SELECT sequence FROM sales_progress WHERE id = 1";
inline constexpr const char* kAddSales =
    "INSERT INTO sales_minutes AS m (event_id, minute_ms, held, released, sold, cancelled, revenue_cents)"
    " SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[],"
    " $7::bigint[]) ON CONFLICT (event_id, minute_ms) DO UPDATE SET"
    " held = m.held + EXCLUDED.held, released = m.released + EXCLUDED.released, sold = m.sold + EXCLUDED.sold,"
    " cancelled = m.cancelled + EXCLUDED.cancelled, revenue_cents = m.revenue_cents + EXCLUDED.revenue_cents";
inline constexpr const char* kSetSalesThrough =
    "UPDATE sales_progress SET sequence = GREATEST(sequence, $1) WHERE id = 1";
inline constexpr const char* kSalesMinutes =
    "SELECT minute_ms, held, released, sold, cancelled, revenue_cents FROM sales_minutes WHERE event_id = $1"
    " ORDER BY minute_ms";

// Webhooks (migration 009).
#define TW_DELIVERY_COLUMNS "id, webhook_id, sequence, event_id, type, body, state, attempts, next_attempt_ms, last_status, last_error, created_at_ms, updated_at_ms"
inline constexpr const char* kInsertWebhook =
    "INSERT INTO webhooks (id, url, secret, types, active, created_at_ms, updated_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)";
inline constexpr const char* kUpdateWebhook =
    "UPDATE webhooks SET url = $2, secret = $3, types = $4, active = $5, updated_at_ms = $6"
    " WHERE id = $1";
inline constexpr const char* kDeleteWebhook = "DELETE FROM webhooks WHERE id = $1";
inline constexpr const char* kWebhooks = "SELECT id, url, secret, types, active, created_at_ms, updated_at_ms FROM webhooks ORDER BY created_at_ms, id";
inline constexpr const char* kQueueDelivery =
    "INSERT INTO webhook_deliveries (" TW_DELIVERY_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    " ON CONFLICT (webhook_id, sequence) DO NOTHING";
inline constexpr const char* kDueDeliveries =
    "SELECT " TW_DELIVERY_COLUMNS " FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_ms <= $1"
    " ORDER BY next_attempt_ms, sequence LIMIT $2";
inline constexpr const char* kClaimDelivery =
    "UPDATE webhook_deliveries SET next_attempt_ms = $3"
    " WHERE id = $1 AND state = 'pending' AND next_attempt_ms = $2";
inline constexpr const char* kUpdateDelivery =
    "UPDATE webhook_deliveries SET state = $2, attempts = $3, next_attempt_ms = $4, last_status = $5,"
    " last_error = $6, updated_at_ms = $7 WHERE id = $1";
inline constexpr const char* kReplayDelivery =
    "UPDATE webhook_deliveries SET state = 'pending', next_attempt_ms = $2, created_at_ms = $2, updated_at_ms = $2"
    " WHERE id = $1 AND state <> 'pending'";
inline constexpr const char* kInsertAttempt =
    "INSERT INTO webhook_attempts (delivery_id, attempt, at_ms, status, error) VALUES ($1, $2, $3, $4, $5)"
    " ON CONFLICT (delivery_id, attempt) DO NOTHING";
inline constexpr const char* kFindDelivery = "SELECT " TW_DELIVERY_COLUMNS " FROM webhook_deliveries WHERE id = $1";
inline constexpr const char* kDeliveriesOf =
    "SELECT " TW_DELIVERY_COLUMNS " FROM webhook_deliveries WHERE webhook_id = $1"
    " ORDER BY sequence DESC LIMIT $2";
#undef TW_DELIVERY_COLUMNS
inline constexpr const char* kAttemptsOf =
    "SELECT delivery_id, attempt, at_ms, status, error FROM webhook_attempts WHERE delivery_id = $1"
    " ORDER BY attempt";

// Dead letters (dead_letter_store.h): a few rows, an operator's list; the unique (consumer,
// event_id) keeps one per event.
#define TW_PG_DEAD_LETTER_COLUMNS "id, consumer, sequence, event_id, type, payload, last_error, attempts, state, created_at_ms, updated_at_ms"
inline constexpr const char* kInsertDeadLetter =
    "INSERT INTO dead_letters (consumer, sequence, event_id, type, payload, last_error, attempts, state,"
    " created_at_ms, updated_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)"
    " ON CONFLICT (consumer, event_id) DO NOTHING";
inline constexpr const char* kDeadLetterByEvent =
    "SELECT " TW_PG_DEAD_LETTER_COLUMNS " FROM dead_letters WHERE consumer = $1 AND event_id = $2";
inline constexpr const char* kFindDeadLetter = "SELECT " TW_PG_DEAD_LETTER_COLUMNS " FROM dead_letters WHERE id = $1";
inline constexpr const char* kListDeadLetters =
    "SELECT " TW_PG_DEAD_LETTER_COLUMNS " FROM dead_letters WHERE ($1::text IS NULL OR state = $1)"
    " AND ($2 = '' OR consumer = $2) ORDER BY id DESC LIMIT $3";
#undef TW_PG_DEAD_LETTER_COLUMNS
inline constexpr const char* kUpdateDeadLetter =
    "UPDATE dead_letters SET state = $2, attempts = $3, last_error = $4, updated_at_ms = $5 WHERE id = $1";
inline constexpr const char* kOpenDeadLetters =
    "SELECT consumer, count(*) FROM dead_letters WHERE state = 'open' GROUP BY consumer ORDER BY consumer";

// Blocked seats (seat_block_store.h). A seat with a live ticket is never blocked (the WHERE),
// one blocked already keeps its block (the primary key); the caller compares the rows inserted.
#define TW_BLOCK_COLUMNS "block_id, event_id, seat_index, seat_id, label, reason, release_at_ms, by_user_id, created_at_ms"
inline constexpr const char* kInsertSeatBlocks =
    "INSERT INTO seat_blocks (" TW_BLOCK_COLUMNS ") SELECT $1, $2, s.i, s.id, $5, $6, $7, $8, $9"
    " FROM unnest($3::int[], $4::text[]) AS s(i, id) WHERE NOT EXISTS (SELECT 1 FROM tickets t"
    " WHERE t.event_id = $2 AND t.seat_index = s.i AND t.status IN ('confirmed', 'used'))"
    " ON CONFLICT DO NOTHING";
inline constexpr const char* kBlocksOf =
    "SELECT " TW_BLOCK_COLUMNS " FROM seat_blocks WHERE event_id = $1 ORDER BY seat_index";
inline constexpr const char* kBlocksDue =
    "SELECT " TW_BLOCK_COLUMNS " FROM seat_blocks WHERE release_at_ms > 0 AND release_at_ms <= $1"
    " ORDER BY release_at_ms LIMIT $2";
#undef TW_BLOCK_COLUMNS
inline constexpr const char* kEndSeatBlocks =
    "DELETE FROM seat_blocks WHERE event_id = $1 AND seat_index = ANY($2::int[])";

// Access codes (access_code_store.h). A hold counts as a use of its code while it runs and once
// sold; kCodeForHold locks the batch in the transaction that inserts a coded hold, so
// kCodeUsage, its next statement, reads the uses every earlier such transaction committed.
#define TW_BATCH_COLUMNS "id, event_id, label, max_uses, valid_from_ms, valid_until_ms, tiers, sections, allotment, by_user_id, created_at_ms"
#define TW_CODE_COLUMNS "c.id, c.batch_id, c.event_id, c.code, c.revoked_at_ms"
#define TW_LIVE_HOLD "(status = 'sold' OR (status = 'active' AND expires_at_ms > $2))"
inline constexpr const char* kInsertCodeBatch =
    "INSERT INTO code_batches (" TW_BATCH_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
// A batch's codes in one statement: parallel arrays of ids and codes.
inline constexpr const char* kInsertAccessCodes =
    "INSERT INTO access_codes (id, batch_id, event_id, code)"
    " SELECT s.id, $2, $3, s.code FROM unnest($1::text[], $4::text[]) AS s(id, code)";
inline constexpr const char* kBatchesOf =
    "SELECT " TW_BATCH_COLUMNS " FROM code_batches WHERE event_id = $1 ORDER BY created_at_ms, id";
inline constexpr const char* kFindBatch = "SELECT " TW_BATCH_COLUMNS " FROM code_batches WHERE id = $1";
inline constexpr const char* kCodesOf =
    "SELECT " TW_CODE_COLUMNS ","
    " (SELECT COUNT(*) FROM holds WHERE code_id = c.id AND status = 'sold'),"
    " (SELECT COUNT(*) FROM holds WHERE code_id = c.id AND status = 'active' AND expires_at_ms > $2),"
    " (SELECT COALESCE(SUM(code_seats), 0) FROM holds WHERE code_id = c.id AND status = 'sold'),"
    " (SELECT COUNT(*) FROM code_redemptions r WHERE r.code_id = c.id)"
    " FROM access_codes c JOIN code_batches b ON b.id = c.batch_id WHERE c.event_id = $1"
    " ORDER BY b.created_at_ms, b.id, c.code";
inline constexpr const char* kFindCode = "SELECT " TW_CODE_COLUMNS " FROM access_codes c WHERE c.id = $1";
inline constexpr const char* kFindCodeByText =
    "SELECT " TW_CODE_COLUMNS " FROM access_codes c WHERE c.event_id = $1 AND c.code = $2";
inline constexpr const char* kRevokeCode =
    "UPDATE access_codes SET revoked_at_ms = $2 WHERE id = $1 AND revoked_at_ms = 0";
inline constexpr const char* kRevokeBatch =
    "UPDATE access_codes SET revoked_at_ms = $2 WHERE batch_id = $1 AND revoked_at_ms = 0";
inline constexpr const char* kRedeemCode =
    "INSERT INTO code_redemptions (event_id, user_id, code_id, redeemed_at_ms) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (event_id, user_id) DO UPDATE SET code_id = excluded.code_id,"
    " redeemed_at_ms = excluded.redeemed_at_ms";
inline constexpr const char* kRedeemedCode =
    "SELECT " TW_CODE_COLUMNS " FROM code_redemptions r JOIN access_codes c ON c.id = r.code_id"
    " WHERE r.event_id = $1 AND r.user_id = $2";
inline constexpr const char* kCodeForHold =
    "SELECT b.max_uses, b.valid_from_ms, b.valid_until_ms, b.allotment, c.revoked_at_ms"
    " FROM access_codes c JOIN code_batches b ON b.id = c.batch_id WHERE c.id = $1 FOR UPDATE OF b";
inline constexpr const char* kCodeUsage =
    "SELECT (SELECT COUNT(*) FROM holds WHERE code_id = $1 AND " TW_LIVE_HOLD "),"
    " (SELECT COALESCE(SUM(code_seats), 0) FROM holds WHERE code_batch_id = $3 AND " TW_LIVE_HOLD ")";
#undef TW_LIVE_HOLD
#undef TW_CODE_COLUMNS
#undef TW_BATCH_COLUMNS

}  // namespace tw::store::pg::sql
