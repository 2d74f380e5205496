#include "store/postgres/pg_rows.h"

#include "store/postgres/pg_queries.h"

namespace tw::store::pg {
namespace {

template <class E>
E state_of(std::optional<E> parsed, std::string_view table, const std::string& word) {
  if (!parsed) throw UnknownState{unknown_state(table, word)};
  return *parsed;
}

}  // namespace

core::Error unknown_state(std::string_view table, std::string_view word) {
  return core::internal("unknown state '" + std::string(word) + "' in " + std::string(table));
}

std::string text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string int_array(const std::vector<std::int64_t>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) out.append(i ? "," : "").append(std::to_string(values[i]));
  return out + "}";
}

HoldRecord read_hold(const PgResult& r, int i) {
  return HoldRecord{.id = r.text(i, 0),
                    .event_id = r.int64(i, 1),
                    .user_id = r.int64(i, 2),
                    .seat_ids = seat_ids_from_json(r.text(i, 3)),
                    .status = state_of(parse_hold_status(r.text(i, 4)), "holds", r.text(i, 4)),
                    .renewals = static_cast<int>(r.int64(i, 5)),
                    .created_at_ms = r.int64(i, 6),
                    .expires_at_ms = r.int64(i, 7),
                    .seat_prices = held_prices_from_text(r.text(i, 8))};
}

TicketOffer read_ticket_offer(const PgResult& r, int i) {
  return TicketOffer{.token_hash = r.text(i, 0),
                     .ticket_id = r.text(i, 1),
                     .from_user = r.int64(i, 2),
                     .to_email = r.text(i, 3),
                     .created_at = r.int64(i, 4),
                     .expires_at = r.int64(i, 5),
                     .state = state_of(core::parse_offer_state(r.text(i, 6)), "ticket_offers", r.text(i, 6)),
                     .claimed_by = r.int64(i, 7),
                     .closed_at = r.int64(i, 8)};
}

TicketRecord read_ticket(const PgResult& r, int i) {
  return TicketRecord{.id = r.text(i, 0),
                      .order_id = r.text(i, 1),
                      .user_id = r.int64(i, 2),
                      .event_id = r.int64(i, 3),
                      .seat_index = static_cast<int>(r.int64(i, 4)),
                      .seat_id = r.text(i, 5),
                      .price = r.int64(i, 6),
                      .fee = r.int64(i, 7),
                      .total = r.int64(i, 8),
                      .status = state_of(parse_ticket_status(r.text(i, 9)), "tickets", r.text(i, 9)),
                      .purchased_at = r.int64(i, 10),
                      .code_issued_ms = r.int64(i, 11),
                      .checked_in_at_ms = r.int64(i, 12),
                      .checked_in_gate = r.text(i, 13)};
}

PaymentRecord read_payment(const PgResult& r, int i) {
  return PaymentRecord{.id = r.text(i, 0),
                       .user_id = r.int64(i, 1),
                       .idempotency_key = r.text(i, 2),
                       .hold_id = r.text(i, 3),
                       .event_id = r.int64(i, 4),
                       .amount = r.int64(i, 5),
                       .state = state_of(parse_payment_state(r.text(i, 6)), "payments", r.text(i, 6)),
                       .processor_id = r.text(i, 7),
                       .decline_code = r.text(i, 8),
                       .order_id = r.text(i, 9),
                       .created_at_ms = r.int64(i, 10),
                       .updated_at_ms = r.int64(i, 11),
                       .currency = r.is_null(i, 12) ? std::string() : r.text(i, 12)};
}

RefundRecord read_refund(const PgResult& r, int i) {
  return RefundRecord{.id = r.text(i, 0),
                      .payment_id = r.text(i, 1),
                      .processor_id = r.text(i, 2),
                      .ticket_id = r.text(i, 3),
                      .amount = r.int64(i, 4),
                      .reason = r.text(i, 5),
                      .state = state_of(parse_refund_state(r.text(i, 6)), "refunds", r.text(i, 6)),
                      .attempts = static_cast<int>(r.int64(i, 7)),
                      .last_error = r.text(i, 8),
                      .created_at_ms = r.int64(i, 9),
                      .updated_at_ms = r.int64(i, 10),
                      .next_attempt_at_ms = r.int64(i, 11),
                      .currency = r.is_null(i, 12) ? std::string() : r.text(i, 12)};
}

User read_user(const PgResult& r, int i, int c) {
  return User{r.int64(i, c),
              r.text(i, c + 1),
              r.text(i, c + 2),
              r.text(i, c + 3),
              state_of(parse_role(r.text(i, c + 4)), "users", r.text(i, c + 4)),
              r.int64(i, c + 5) != 0,
              r.int64(i, c + 6),
              r.int64(i, c + 7) != 0};
}

Task<core::Result<PgResult>> query_once(PgDatabase& db, const char* sql, Params args) {
  auto lease = co_await db.lease();
  if (!lease) co_return lease.error();
  auto r = co_await lease->query(sql, std::move(args));
  if (!r.ok()) co_return translate(*r.failure);
  co_return std::move(r.result);
}

Task<core::Result<std::int64_t>> change_once(PgDatabase& db, const char* sql, Params args) {
  auto r = co_await query_once(db, sql, std::move(args));
  if (!r) co_return r.error();
  co_return r->changed();
}

Task<std::optional<PgFailure>> write_outbox(Lease& lease, const std::vector<OutboxMessage>& messages,
                                            std::int64_t at_ms) {
  if (messages.empty()) co_return std::nullopt;
  std::vector<std::string> ids, types, keys, payloads;
  for (const auto& m : messages) {
    ids.push_back(m.id), types.push_back(m.type), keys.push_back(m.key), payloads.push_back(m.payload);
  }
  Params args{arg(at_ms), text_array(ids), text_array(types), text_array(keys), text_array(payloads)};
  auto r = co_await lease.query(sql::kInsertOutbox, std::move(args));
  co_return r.failure;
}

Task<core::Result<std::optional<OrderRecord>>> read_order_with_tickets(Lease& lease, PgResult r) {
  if (r.rows() == 0) co_return std::optional<OrderRecord>();
  try {
    OrderRecord o{.id = r.text(0, 0),
                  .user_id = r.int64(0, 1),
                  .event_id = r.int64(0, 2),
                  .hold_id = r.text(0, 3),
                  .idempotency_key = r.text(0, 4),
                  .subtotal = r.int64(0, 5),
                  .fee = r.int64(0, 6),
                  .total = r.int64(0, 7),
                  .payment_id = r.text(0, 8),
                  .status = state_of(parse_order_status(r.text(0, 9)), "orders", r.text(0, 9)),
                  .created_at = r.int64(0, 10)};
    Params args{o.id};
    auto t = co_await lease.query(sql::kTicketsOfOrder, std::move(args));
    if (!t.ok()) co_return translate(*t.failure);
    for (int i = 0; i < t.result.rows(); ++i) o.tickets.push_back(read_ticket(t.result, i));
    co_return std::optional<OrderRecord>(std::move(o));
  } catch (const UnknownState& u) {
    co_return u.error;
  }
}

}  // namespace tw::store::pg
