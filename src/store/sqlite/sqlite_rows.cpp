#include "store/sqlite/sqlite_rows.h"

#include "store/sqlite/sqlite_queries.h"

namespace tw::store::sqlite {
namespace {

template <class E>
E state_of(std::optional<E> parsed, std::string_view table, const std::string& word) {
  if (!parsed) unknown_state(table, word);
  return *parsed;
}

}  // namespace

void unknown_state(std::string_view table, std::string_view word) {
  throw SqliteError(-1, "unknown state '" + std::string(word) + "' in " + std::string(table));
}

void write_outbox(Connection& c, const std::vector<OutboxMessage>& messages, std::int64_t at_ms) {
  for (const auto& m : messages) {
    c.prepare(sql::kInsertOutbox).bind(1, m.id).bind(2, m.type).bind(3, m.key).bind(4, m.payload).bind(5, at_ms).run();
  }
}

HoldRecord read_hold(const Statement& st) {
  return HoldRecord{.id = st.text(0),
                    .event_id = st.int64(1),
                    .user_id = st.int64(2),
                    .seat_ids = seat_ids_from_json(st.text(3)),
                    .status = state_of(parse_hold_status(st.text(4)), "holds", st.text(4)),
                    .renewals = static_cast<int>(st.int64(5)),
                    .created_at_ms = st.int64(6),
                    .expires_at_ms = st.int64(7),
                    .seat_prices = held_prices_from_text(st.text(8))};
}

TicketRecord read_ticket(const Statement& st) {
  return TicketRecord{.id = st.text(0),
                      .order_id = st.text(1),
                      .user_id = st.int64(2),
                      .event_id = st.int64(3),
                      .seat_index = static_cast<int>(st.int64(4)),
                      .seat_id = st.text(5),
                      .price = st.int64(6),
                      .fee = st.int64(7),
                      .total = st.int64(8),
                      .status = state_of(parse_ticket_status(st.text(9)), "tickets", st.text(9)),
                      .purchased_at = st.int64(10),
                      .code_issued_ms = st.int64(11),
                      .checked_in_at_ms = st.int64(12),
                      .checked_in_gate = st.text(13)};
}

std::vector<TicketRecord> select_tickets(Connection& c, const char* query, std::int64_t key) {
  auto st = c.prepare(query);
  st.bind(1, key);
  std::vector<TicketRecord> out;
  while (st.step()) out.push_back(read_ticket(st));
  return out;
}

std::optional<OrderRecord> read_order_with_tickets(Connection& c, Statement& st) {
  if (!st.step()) return std::nullopt;
  OrderRecord o{.id = st.text(0),
                .user_id = st.int64(1),
                .event_id = st.int64(2),
                .hold_id = st.text(3),
                .idempotency_key = st.text(4),
                .subtotal = st.int64(5),
                .fee = st.int64(6),
                .total = st.int64(7),
                .payment_id = st.text(8),
                .status = state_of(parse_order_status(st.text(9)), "orders", st.text(9)),
                .created_at = st.int64(10)};
  auto t = c.prepare(sql::kTicketsOfOrder);
  t.bind(1, o.id);
  while (t.step()) o.tickets.push_back(read_ticket(t));
  return o;
}

PaymentRecord read_payment(const Statement& st) {
  return PaymentRecord{.id = st.text(0),
                       .user_id = st.int64(1),
                       .idempotency_key = st.text(2),
                       .hold_id = st.text(3),
                       .event_id = st.int64(4),
                       .amount = st.int64(5),
                       .state = state_of(parse_payment_state(st.text(6)), "payments", st.text(6)),
                       .processor_id = st.text(7),
                       .decline_code = st.text(8),
                       .order_id = st.text(9),
                       .created_at_ms = st.int64(10),
                       .updated_at_ms = st.int64(11),
                       .currency = st.is_null(12) ? std::string() : st.text(12)};
}

RefundRecord read_refund(const Statement& st) {
  return RefundRecord{.id = st.text(0),
                      .payment_id = st.text(1),
                      .processor_id = st.text(2),
                      .ticket_id = st.text(3),
                      .amount = st.int64(4),
                      .reason = st.text(5),
                      .state = state_of(parse_refund_state(st.text(6)), "refunds", st.text(6)),
                      .attempts = static_cast<int>(st.int64(7)),
                      .last_error = st.text(8),
                      .created_at_ms = st.int64(9),
                      .updated_at_ms = st.int64(10),
                      .next_attempt_at_ms = st.int64(11),
                      .currency = st.is_null(12) ? std::string() : st.text(12)};
}

}  // namespace tw::store::sqlite
