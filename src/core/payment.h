#pragma once
// Money: one payment attempt per (account, Idempotency-Key), and the refunds that send it back.
// States are enums; state_name / parse_* give the words the API and the database both spell
// them with (core/state_words.cpp), and a store that reads a word it does not know fails there.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/money.h"

namespace tw::core {

// A payment attempt: written kPending before the processor is called, then moved by its answer.
// kFailed: the processor charged nothing (its error, or no charge found when reconciling).
// kRefunded: approved, but no order came of it, and the whole charge went back.
enum class PaymentState { kPending, kApproved, kDeclined, kFailed, kRefunded };

enum class RefundState { kPending, kSucceeded, kFailed };

// One payment attempt: one (user, Idempotency-Key). Written before the processor is called, so
// a charge can never happen without a record here, whatever crashes.
// Tickets an organiser issued without a card (complimentary, or paid at a box office) have a
// payment that never went through the card processor: its processor id starts with this, and
// its refunds are recorded without asking the processor (a box office hands money back itself).
inline constexpr std::string_view kPaidOutsideProcessor = "outside-";
inline bool paid_outside_processor(std::string_view processor_id) {
  return processor_id.starts_with(kPaidOutsideProcessor);
}

struct PaymentRecord {
  std::string id;  // ours; also the processor's idempotency key, so a retried call charges once
  std::int64_t user_id = 0;
  std::string idempotency_key;  // the client's key, unique per user
  std::string hold_id;
  std::int64_t event_id = 0;
  Cents amount = 0;
  PaymentState state = PaymentState::kPending;
  std::string processor_id;  // the processor's id for the charge, once it answered
  std::string decline_code;  // declined / failed: card_declined, insufficient_funds, processor_error
  std::string order_id;      // once the order committed
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::string currency;  // the event's, of `amount`; read from the event, not stored apart
};

// Money going back: a whole charge that produced no order, or one cancelled ticket.
struct RefundRecord {
  std::string id;  // ours; also the processor's idempotency key for the refund
  std::string payment_id;
  std::string processor_id;  // the processor's id of the charge being refunded
  std::string ticket_id;     // empty for a whole-payment refund
  Cents amount = 0;
  std::string reason;  // order_not_completed, ticket_cancelled
  RefundState state = RefundState::kPending;
  int attempts = 0;
  std::string last_error;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::int64_t next_attempt_at_ms = 0;  // when the reconciler may try a pending or failed refund again
  std::string currency;  // the event's, of `amount`; read from the event, not stored apart
};

struct RefundQuery {
  std::optional<RefundState> state;  // any when empty
  int limit = 100;
};

const char* state_name(PaymentState s);
const char* state_name(RefundState s);
std::optional<PaymentState> parse_payment_state(std::string_view s);
std::optional<RefundState> parse_refund_state(std::string_view s);

}  // namespace tw::core
