#pragma once
// Store port: durable state (users, events, layouts, seats, holds, orders, tickets, outbox).
// Embedded adapter: SqliteStore. Scale-out adapter: PostgresStore (same schema and migrations).
//
// Every method is a Task so an adapter can await its database without blocking the I/O thread
// that called it. Methods are thread-safe. Failures come back as Error values, never as
// exceptions: kConflict for uniqueness clashes, kUnavailable when the database cannot be
// reached, kInternal for anything else. "Not found" is an empty optional, not an error.
#include <optional>
#include <string>

#include "async/task.h"
#include "core/result.h"
#include "store/records.h"

namespace tw::store {

class Store {
 public:
  virtual ~Store() = default;

  // Applies every migration not yet applied, in version order, each in its own transaction.
  virtual Task<core::Status> migrate() = 0;
  // Succeeds when the database answers a trivial query.
  virtual Task<core::Status> ping() = 0;

  // --- events and layouts
  virtual Task<core::Result<EventPage>> list_events(EventQuery query) = 0;
  virtual Task<core::Result<std::optional<EventListing>>> find_event(std::string slug) = 0;
  virtual Task<core::Result<std::optional<core::Layout>>> find_layout(std::int64_t layout_id) = 0;
  // Stores the layout, the event and one row per seat, in one transaction.
  // kConflict with code "slug_taken" when the slug is in use.
  virtual Task<core::Result<core::Event>> create_event(core::EventDraft draft, core::Layout layout) = 0;
  virtual Task<core::Result<int>> count_events() = 0;
  virtual Task<core::Result<std::optional<EventListing>>> find_event_by_id(std::int64_t id) = 0;
  // Replaces the event's details, and its layout when one is given. kConflict "slug_taken";
  // kConflict "layout_locked" when a new layout is given but seats are already held or sold.
  // Empty optional when there is no such event.
  virtual Task<core::Result<std::optional<core::Event>>> update_event(std::int64_t id, core::EventDraft draft,
                                                                      std::optional<core::Layout> layout) = 0;
  // Hides the event from the catalogue; false when there is no such event.
  virtual Task<core::Result<bool>> deactivate_event(std::int64_t id) = 0;
  virtual Task<core::Result<std::vector<EventStats>>> event_stats() = 0;
  // Development only: deletes every ticket, order and hold.
  virtual Task<core::Status> reset_tickets() = 0;

  // --- users
  // kConflict with code "email_taken" when the email is registered.
  virtual Task<core::Result<User>> create_user(NewUser user) = 0;
  virtual Task<core::Result<std::optional<User>>> find_user_by_email(std::string email) = 0;
  virtual Task<core::Result<int>> count_admins() = 0;
  virtual Task<core::Result<std::optional<User>>> find_user(std::int64_t id) = 0;
  virtual Task<core::Result<UserPage>> list_users(UserQuery query) = 0;
  // Applies the change; disabling a user also revokes all their sessions, in one transaction.
  virtual Task<core::Result<std::optional<User>>> update_user(std::int64_t id, UserChange change) = 0;

  // --- holds, orders, tickets (each write also appends its outbox messages, atomically)
  // Inserts or updates the hold row.
  virtual Task<core::Status> save_hold(HoldRecord hold, std::vector<OutboxMessage> messages) = 0;
  virtual Task<core::Result<std::optional<HoldRecord>>> find_hold(std::string id) = 0;
  virtual Task<core::Result<std::vector<HoldRecord>>> active_holds() = 0;
  // Seat indexes with a live (confirmed or used) ticket.
  virtual Task<core::Result<std::vector<int>>> sold_seats(std::int64_t event_id) = 0;
  virtual Task<core::Result<int>> live_tickets_of(std::int64_t event_id, std::int64_t user_id) = 0;
  // Writes the order, its tickets, the hold's new status "sold" and the messages in one
  // transaction. kConflict "seat_sold" when a seat already has a live ticket (nothing is
  // written); kConflict "duplicate_order" when the user already used this idempotency key.
  virtual Task<core::Status> commit_order(OrderRecord order, std::vector<OutboxMessage> messages) = 0;
  virtual Task<core::Result<std::optional<OrderRecord>>> find_order(std::string id) = 0;
  virtual Task<core::Result<std::optional<OrderRecord>>> find_order_by_key(std::int64_t user_id, std::string key) = 0;
  // The user's tickets, newest first.
  virtual Task<core::Result<std::vector<TicketRecord>>> tickets_of(std::int64_t user_id) = 0;
  // Every ticket of an event, in seat order, whatever its status.
  virtual Task<core::Result<std::vector<TicketRecord>>> tickets_of_event(std::int64_t event_id) = 0;
  virtual Task<core::Result<std::optional<TicketRecord>>> find_ticket(std::string id) = 0;
  // Cancels a confirmed ticket and appends the messages, in one transaction. kConflict
  // "not_cancellable" when the ticket is not confirmed (already cancelled, or used).
  virtual Task<core::Status> cancel_ticket(std::string ticket_id, std::vector<OutboxMessage> messages) = 0;
  // Marks a confirmed ticket whose current code has this issue time as used, with its outbox
  // messages. kConflict "not_checked_in" when it is not (used, cancelled, transferred): exactly
  // one of two simultaneous scans succeeds.
  virtual Task<core::Status> check_in(CheckInRecord scan, std::vector<OutboxMessage> messages) = 0;
  // Offline scans, first one wins: moves a used ticket's check-in to this earlier scan.
  virtual Task<core::Result<bool>> record_earlier_check_in(CheckInRecord scan) = 0;
  // Gives a confirmed ticket of `from_user` to `to_user` with a new code issue time.
  // kConflict "not_transferable" otherwise.
  virtual Task<core::Status> transfer_ticket(TransferRecord transfer, std::vector<OutboxMessage> messages) = 0;
  virtual Task<core::Result<std::vector<TicketKeyRecord>>> ticket_keys() = 0;
  virtual Task<core::Status> add_ticket_key(TicketKeyRecord key) = 0;
  virtual Task<core::Status> append_outbox(std::vector<OutboxMessage> messages) = 0;
  virtual Task<core::Result<std::vector<OutboxRow>>> outbox_after(std::int64_t sequence, int limit) = 0;

  // --- sessions
  virtual Task<core::Status> create_session(Session session) = 0;
  // Bulk forms for load-test fixtures (`ticketwar bench-users`): one transaction each.
  virtual Task<core::Result<std::vector<User>>> create_users(std::vector<NewUser> users) = 0;
  virtual Task<core::Status> create_sessions(std::vector<Session> sessions) = 0;
  // The live (not revoked) session with this hash and its user; expiry is the caller's to check.
  virtual Task<core::Result<std::optional<SessionWithUser>>> find_session(std::string token_hash) = 0;
  virtual Task<core::Status> touch_session(std::string token_hash, std::int64_t last_seen_at,
                                           std::int64_t expires_at) = 0;
  virtual Task<core::Status> revoke_session(std::string token_hash, std::int64_t at) = 0;

  // Closes connections; called once at shutdown after the last request.
  virtual void close() = 0;
};

}  // namespace tw::store
