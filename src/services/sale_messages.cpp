#include "services/sale_messages.h"

#include "events/event_codec.h"

namespace tw::services {

using events::to_outbox_message;

std::vector<core::OutboxMessage> seat_messages(HoldSeatsChange change, const core::HoldRecord& h) {
  std::vector<core::OutboxMessage> out;
  for (const auto& seat : h.seat_ids) {
    if (change == HoldSeatsChange::kLocked) {
      out.push_back(to_outbox_message(events::SeatLocked{h.event_id, seat, h.user_id, h.id, h.expires_at_ms}));
    } else {
      const auto reason = change == HoldSeatsChange::kExpired ? events::ReleaseReason::kTimeout
                                                         : events::ReleaseReason::kReleased;
      out.push_back(to_outbox_message(events::SeatReleased{h.event_id, seat, h.user_id, h.id, reason}));
    }
  }
  return out;
}

std::vector<core::OutboxMessage> order_messages(const core::OrderRecord& order, const core::PaymentRecord& p) {
  std::vector<core::OutboxMessage> out;
  for (const auto& t : order.tickets) {
    out.push_back(to_outbox_message(
        events::TicketSold{t.id, order.id, t.event_id, t.seat_id, t.user_id, t.price, t.fee, t.total, p.currency}));
  }
  events::PaymentProcessed paid{p.id, p.user_id, p.amount, core::PaymentState::kApproved};
  paid.order_id = order.id;
  paid.processor_id = p.processor_id;
  paid.currency = p.currency;
  out.push_back(to_outbox_message(paid));
  return out;
}

core::OutboxMessage payment_message(const core::PaymentRecord& p) {
  events::PaymentProcessed e{p.id, p.user_id, p.amount, p.state};
  e.hold_id = p.hold_id;
  e.processor_id = p.processor_id;
  e.decline_code = p.decline_code;
  e.currency = p.currency;
  return to_outbox_message(e);
}

core::OutboxMessage ticket_cancelled_message(const core::TicketRecord& t, const core::RefundRecord& refund) {
  return to_outbox_message(events::TicketCancelled{t.id, t.order_id, t.event_id, t.seat_id, t.user_id,
                                                   refund.payment_id, refund.id, refund.amount, refund.reason,
                                                   refund.currency});
}

core::OutboxMessage refund_message(const core::RefundRecord& r) {
  return to_outbox_message(
      events::OrderRefunded{r.id, r.payment_id, r.ticket_id, r.amount, r.reason, r.state, r.last_error, r.currency});
}

}  // namespace tw::services
