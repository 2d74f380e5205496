#include "services/sale_messages.h"

#include <boost/json.hpp>

#include "auth/ids.h"

namespace tw::services {
namespace json = boost::json;

namespace {

store::OutboxMessage message(const char* type, std::string key, const json::object& payload) {
  return {auth::new_uuid(), type, std::move(key), json::serialize(payload)};
}

std::string seat_key(std::int64_t event_id, const std::string& seat_id) {
  return std::to_string(event_id) + "-" + seat_id;
}

}  // namespace

std::vector<store::OutboxMessage> seat_messages(SeatChange change, const store::HoldRecord& h) {
  std::vector<store::OutboxMessage> out;
  for (const auto& seat : h.seat_ids) {
    json::object o{{"eventId", h.event_id}, {"seatId", seat}, {"userId", h.user_id}, {"holdId", h.id}};
    if (change == SeatChange::kLocked) {
      o["expiresAtMs"] = h.expires_at_ms;
    } else {
      o["reason"] = change == SeatChange::kExpired ? "timeout" : "released";
    }
    out.push_back(message(change == SeatChange::kLocked ? "seat_locked" : "seat_released", seat_key(h.event_id, seat), o));
  }
  return out;
}

std::vector<store::OutboxMessage> order_messages(const store::OrderRecord& order, const store::PaymentRecord& p) {
  std::vector<store::OutboxMessage> out;
  for (const auto& t : order.tickets) {
    json::object o{{"ticketId", t.id},    {"orderId", order.id}, {"eventId", t.event_id},
                   {"seatId", t.seat_id}, {"userId", t.user_id}, {"priceCents", t.price},
                   {"feeCents", t.fee},   {"totalCents", t.total}};
    out.push_back(message("ticket_sold", seat_key(t.event_id, t.seat_id), o));
  }
  json::object paid{{"paymentId", p.id},      {"orderId", order.id},          {"userId", p.user_id},
                    {"amountCents", p.amount}, {"processorId", p.processor_id}, {"status", "approved"}};
  out.push_back(message("payment_processed", p.id, paid));
  return out;
}

store::OutboxMessage payment_message(const store::PaymentRecord& p, std::string_view status) {
  json::object o{{"paymentId", p.id}, {"userId", p.user_id}, {"holdId", p.hold_id}, {"amountCents", p.amount},
                 {"status", status}};
  if (!p.processor_id.empty()) o["processorId"] = p.processor_id;
  if (!p.decline_code.empty()) o["declineCode"] = p.decline_code;
  return message("payment_processed", p.id, o);
}

store::OutboxMessage ticket_cancelled_message(const store::TicketRecord& t, const store::RefundRecord& refund) {
  json::object o{{"ticketId", t.id},           {"orderId", t.order_id},        {"eventId", t.event_id},
                 {"seatId", t.seat_id},        {"userId", t.user_id},          {"paymentId", refund.payment_id},
                 {"refundId", refund.id},      {"refundCents", refund.amount}};
  return message("ticket_cancelled", seat_key(t.event_id, t.seat_id), o);
}

store::OutboxMessage refund_message(const store::RefundRecord& r) {
  json::object o{{"refundId", r.id},      {"paymentId", r.payment_id}, {"amountCents", r.amount},
                 {"reason", r.reason},    {"state", store::state_name(r.state)}};
  if (!r.ticket_id.empty()) o["ticketId"] = r.ticket_id;
  if (!r.last_error.empty()) o["error"] = r.last_error;
  return message("refund_processed", r.payment_id, o);
}

}  // namespace tw::services
