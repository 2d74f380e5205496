#pragma once
// The outbox messages a sale writes, from its records: the typed events of events/events.h,
// encoded by events/event_codec.h (payload fields: docs/events.md).
#include <string>
#include <vector>

#include "store/records.h"

namespace tw::services {

enum class HoldSeatsChange { kLocked, kReleased, kExpired };

// One seat_locked (kLocked) or seat_released (reason "released" / "timeout") message per seat.
std::vector<store::OutboxMessage> seat_messages(HoldSeatsChange change, const store::HoldRecord& hold);
// One ticket_sold message per ticket of the order, then its payment_processed.
std::vector<store::OutboxMessage> order_messages(const store::OrderRecord& order, const store::PaymentRecord& payment);
// payment_processed for a payment that did not become an order (declined, failed, refunded),
// in the state the record is moving to.
store::OutboxMessage payment_message(const store::PaymentRecord& payment);
store::OutboxMessage ticket_cancelled_message(const store::TicketRecord& t, const store::RefundRecord& refund);
// order_refunded: a refund succeeded or failed.
store::OutboxMessage refund_message(const store::RefundRecord& refund);

}  // namespace tw::services
