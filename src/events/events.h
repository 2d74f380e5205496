#pragma once
// What TicketWar announces, one type per event. Services build these; event_codec.h is the one
// place that turns them into outbox rows (and rows back into them, for consumers). Payloads are
// documented in docs/events.md; every payload carries "v" (kEventVersion), raised when a field
// changes meaning or goes away (adding a field does not raise it).
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/payment.h"

namespace tw::events {

inline constexpr int kEventVersion = 1;

// A seat of a hold became held.
struct SeatLocked {
  std::int64_t event_id = 0;
  std::string seat_id;
  std::int64_t user_id = 0;
  std::string hold_id;
  std::int64_t expires_at_ms = 0;

  bool operator==(const SeatLocked&) const = default;
};

enum class ReleaseReason { kReleased, kTimeout };  // the buyer let go; the hold ran out

// A seat of a hold became free again (a sold seat never does: see TicketCancelled).
struct SeatReleased {
  std::int64_t event_id = 0;
  std::string seat_id;
  std::int64_t user_id = 0;
  std::string hold_id;
  ReleaseReason reason = ReleaseReason::kReleased;

  bool operator==(const SeatReleased&) const = default;
};

// One ticket of a paid order.
struct TicketSold {
  std::string ticket_id;
  std::string order_id;
  std::int64_t event_id = 0;
  std::string seat_id;
  std::int64_t user_id = 0;
  std::int64_t price_cents = 0;
  std::int64_t fee_cents = 0;
  std::int64_t total_cents = 0;
  std::string currency;  // ISO 4217, of the amounts (empty in events logged before currencies)

  bool operator==(const TicketSold&) const = default;
};

// A payment reached its outcome: approved (with its order), declined or failed (with the
// processor's reason), or refunded whole.
struct PaymentProcessed {
  std::string payment_id;
  std::int64_t user_id = 0;
  std::int64_t amount_cents = 0;
  core::PaymentState state = core::PaymentState::kApproved;
  std::string order_id;      // approved
  std::string hold_id;       // not approved
  std::string processor_id;  // when the processor saw it
  std::string decline_code;  // declined or failed: why
  std::string currency;  // ISO 4217, of the amounts (empty in events logged before currencies)

  bool operator==(const PaymentProcessed&) const = default;
};

// A refund (of one ticket, or of a payment that never became an order) succeeded or failed.
struct OrderRefunded {
  std::string refund_id;
  std::string payment_id;
  std::string ticket_id;  // empty: the whole payment
  std::int64_t amount_cents = 0;
  std::string reason;
  core::RefundState state = core::RefundState::kSucceeded;
  std::string error;  // failed: the processor's answer
  std::string currency;  // ISO 4217, of the amounts (empty in events logged before currencies)

  bool operator==(const OrderRefunded&) const = default;
};

// A ticket was cancelled; its seat is on sale again (unless its show was cancelled).
struct TicketCancelled {
  std::string ticket_id;
  std::string order_id;
  std::int64_t event_id = 0;
  std::string seat_id;
  std::int64_t user_id = 0;
  std::string payment_id;
  std::string refund_id;
  std::int64_t refund_cents = 0;
  // Its refund's reason: "ticket_cancelled" (an admin cancelled this one ticket; its holder is
  // told) or "show_cancelled" (with the whole show; each person gets one CancellationNotice).
  std::string reason;
  std::string currency;  // ISO 4217, of the amounts (empty in events logged before currencies)

  bool operator==(const TicketCancelled&) const = default;
};

struct TicketCheckedIn {
  std::string ticket_id;
  std::int64_t event_id = 0;
  std::string seat_id;
  std::int64_t user_id = 0;
  std::string gate;
  std::int64_t checked_in_at_ms = 0;

  bool operator==(const TicketCheckedIn&) const = default;
};

struct TicketTransferred {
  std::string ticket_id;
  std::int64_t event_id = 0;
  std::string seat_id;
  std::int64_t from_user_id = 0;
  std::int64_t to_user_id = 0;
  std::int64_t at_ms = 0;

  bool operator==(const TicketTransferred&) const = default;
};

// An organiser cancelled a show: it is off sale for good, and its tickets are being cancelled
// and refunded (services::ShowCancellations).
struct ShowCancelled {
  std::int64_t event_id = 0;
  std::string reason;
  std::int64_t by_user_id = 0;  // the admin

  bool operator==(const ShowCancelled&) const = default;
};

// Every ticket of a cancelled show that this person held or paid for is cancelled and its refund
// recorded: they are told, once, whatever the number of tickets.
struct CancellationNotice {
  std::int64_t event_id = 0;
  std::int64_t user_id = 0;

  bool operator==(const CancellationNotice&) const = default;
};

// An organiser moved a show to another date and time or venue (ISO 8601 with the venue's
// offset): every ticket holder is told what changed.
struct ShowMoved {
  std::int64_t event_id = 0;
  std::string starts_before;
  std::string starts_after;
  std::string venue_before;
  std::string venue_after;
  std::int64_t by_user_id = 0;

  bool operator==(const ShowMoved&) const = default;
};

// An organiser created a show.
struct EventCreated {
  std::int64_t event_id = 0;
  std::string name;
  std::int64_t by_user_id = 0;  // the admin

  bool operator==(const EventCreated&) const = default;
};

// An organiser changed a show: the fields changed, as the API names them ("name", "startsAt",
// "isActive", "layout", …, comma-separated), `active` after the change.
struct EventChanged {
  std::int64_t event_id = 0;
  std::string fields;
  bool active = true;
  std::int64_t by_user_id = 0;  // the admin; 0 for an operator at the command line

  bool operator==(const EventChanged&) const = default;
};

// An admin (or an operator at the command line: 0) changed an account's role or disabled it.
struct UserChanged {
  std::int64_t user_id = 0;
  std::string role;              // the new role; empty when unchanged
  std::optional<bool> disabled;  // the new state; none when unchanged
  std::int64_t by_user_id = 0;

  bool operator==(const UserChanged&) const = default;
};

// An organiser set a new back-row price for a price tier of a show (core/tier_price.h); seats
// held or sold before keep theirs. `before_cents` is the tier's lowest back-row price before.
struct PricesChanged {
  std::int64_t event_id = 0;
  std::string tier;
  std::int64_t before_cents = 0;
  std::int64_t after_cents = 0;
  std::int64_t by_user_id = 0;
  std::string currency;  // ISO 4217, of the amounts (empty in events logged before currencies)

  bool operator==(const PricesChanged&) const = default;
};

// An organiser took seats off sale, with a label and a reason (core/seat_block.h).
struct SeatsBlocked {
  std::int64_t event_id = 0;
  std::string block_id;
  std::vector<std::string> seat_ids;
  std::string label;
  std::string reason;
  std::int64_t release_at_ms = 0;  // when they go back on sale by themselves; 0: when released by hand
  std::int64_t by_user_id = 0;

  bool operator==(const SeatsBlocked&) const = default;
};

// Blocked seats went back on sale: released by an organiser, or at their release time
// (`by_user_id` 0).
struct SeatsReleased {
  std::int64_t event_id = 0;
  std::vector<std::string> seat_ids;
  std::int64_t by_user_id = 0;

  bool operator==(const SeatsReleased&) const = default;
};

// An organiser issued tickets for blocked seats to a named person without a card:
// complimentary (amount 0) or paid at a box office (the amount taken there).
struct TicketsIssued {
  std::int64_t event_id = 0;
  std::string order_id;
  std::int64_t user_id = 0;  // who holds them now
  std::vector<std::string> seat_ids;
  std::string kind;  // "complimentary" or "box_office"
  std::int64_t amount_cents = 0;
  std::int64_t by_user_id = 0;
  std::string currency;

  bool operator==(const TicketsIssued&) const = default;
};

// An organiser made access codes for an event's presale: one they chose, or a batch of
// generated ones (the codes themselves stay out of the log; the dashboard lists them).
struct CodesCreated {
  std::int64_t event_id = 0;
  std::string batch_id;
  std::string label;
  std::int64_t count = 0;
  std::int64_t max_uses = 0;
  std::string unlocks;  // in words: "every seat", "tier vip"
  std::int64_t allotment = 0;
  std::int64_t by_user_id = 0;

  bool operator==(const CodesCreated&) const = default;
};

// An organiser withdrew codes: one (`code_id`) or a whole batch (`batch_id`, `code_id` empty).
struct CodesRevoked {
  std::int64_t event_id = 0;
  std::string batch_id;
  std::string code_id;
  std::int64_t count = 0;
  std::int64_t by_user_id = 0;

  bool operator==(const CodesRevoked&) const = default;
};

using Event = std::variant<SeatLocked, SeatReleased, TicketSold, PaymentProcessed, OrderRefunded, TicketCancelled,
                           TicketCheckedIn, TicketTransferred, ShowCancelled, CancellationNotice, ShowMoved,
                           EventCreated, EventChanged, UserChanged, PricesChanged, SeatsBlocked, SeatsReleased,
                           TicketsIssued, CodesCreated, CodesRevoked>;

// The event's type as the outbox, the log and consumers name it ("seat_locked", …).
std::string_view type_name(const Event& event);

}  // namespace tw::events
