#pragma once
// The outbox messages a sale writes, from its records: the typed events of events/events.h,
// encoded by events/event_codec.h (payload fields: docs/events.md).
#include <string>
#include <vector>

#include "core/hold.h"
#include "core/order.h"
#include "core/outbox_message.h"
#include "core/payment.h"
#include "core/ticket.h"

namespace tw::services {

enum class HoldSeatsChange { kLocked, kReleased, kExpired };

// One seat_locked (kLocked) or seat_released (reason "released" / "timeout") message per seat.
std::vector<core::OutboxMessage> seat_messages(HoldSeatsChange change, const core::HoldRecord& hold);
// One ticket_sold message per ticket of the order, then its payment_processed.
std::vector<core::OutboxMessage> order_messages(const core::OrderRecord& order, const core::PaymentRecord& payment);
// payment_processed for a payment that did not become an order (declined, failed, refunded),
// in the state the record is moving to.
core::OutboxMessage payment_message(const core::PaymentRecord& payment);
core::OutboxMessage ticket_cancelled_message(const core::TicketRecord& t, const core::RefundRecord& refund);
// order_refunded: a refund succeeded or failed.
core::OutboxMessage refund_message(const core::RefundRecord& refund);

}  // namespace tw::services
