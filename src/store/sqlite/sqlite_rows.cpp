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
  return HoldRecord{st.text(0),
                    st.int64(1),
                    st.int64(2),
                    seat_ids_from_json(st.text(3)),
                    state_of(parse_hold_status(st.text(4)), "holds", st.text(4)),
                    static_cast<int>(st.int64(5)),
                    st.int64(6),
                    st.int64(7)};
}

TicketRecord read_ticket(const Statement& st) {
  return TicketRecord{st.text(0),  st.text(1),  st.int64(2),  st.int64(3),
                      static_cast<int>(st.int64(4)),
                      st.text(5),  st.int64(6), st.int64(7),  st.int64(8),
                      state_of(parse_ticket_status(st.text(9)), "tickets", st.text(9)),
                      st.int64(10), st.int64(11), st.int64(12), st.text(13)};
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
  OrderRecord o{st.text(0),  st.int64(1), st.int64(2), st.text(3),  st.text(4),   st.int64(5),
                st.int64(6), st.int64(7), st.text(8),
                state_of(parse_order_status(st.text(9)), "orders", st.text(9)),
                st.int64(10), {}};
  auto t = c.prepare(sql::kTicketsOfOrder);
  t.bind(1, o.id);
  while (t.step()) o.tickets.push_back(read_ticket(t));
  return o;
}

PaymentRecord read_payment(const Statement& st) {
  return PaymentRecord{st.text(0),  st.int64(1), st.text(2),  st.text(3), st.int64(4), st.int64(5),
                       state_of(parse_payment_state(st.text(6)), "payments", st.text(6)),
                       st.text(7),  st.text(8),  st.text(9), st.int64(10), st.int64(11)};
}

RefundRecord read_refund(const Statement& st) {
  return RefundRecord{st.text(0),  st.text(1), st.text(2), st.text(3), st.int64(4), st.text(5),
                      state_of(parse_refund_state(st.text(6)), "refunds", st.text(6)),
                      static_cast<int>(st.int64(7)), st.text(8), st.int64(9), st.int64(10), st.int64(11)};
}

}  // namespace tw::store::sqlite
