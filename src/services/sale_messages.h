#pragma once
// The outbox messages a sale writes, built in one place so every writer describes a change the
// same way (payload fields are documented in docs/api.md, "Outbox events").
#include <string>
#include <vector>

#include "store/records.h"

namespace tw::services {

enum class SeatChange { kLocked, kReleased, kExpired };

// One seat_locked (kLocked) or seat_released (reason "released" / "timeout") message per seat.
std::vector<store::OutboxMessage> seat_messages(SeatChange change, const store::HoldRecord& hold);
// One ticket_sold message per ticket of the order, then its payment_processed.
std::vector<store::OutboxMessage> order_messages(const store::OrderRecord& order, const store::PaymentRecord& payment);
// payment_processed for a payment that did not become an order (declined, failed, refunded).
store::OutboxMessage payment_message(const store::PaymentRecord& payment, std::string_view status);
store::OutboxMessage ticket_cancelled_message(const store::TicketRecord& t, const store::RefundRecord& refund);
store::OutboxMessage refund_message(const store::RefundRecord& refund);

}  // namespace tw::services
