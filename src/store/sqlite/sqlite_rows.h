#pragma once
// Pieces the SQLite store ports share: reading records from rows, writing outbox messages, and
// small binding helpers.
#include <optional>
#include <string>
#include <vector>

#include "store/like_pattern.h"
#include "store/records.h"
#include "store/held_prices_text.h"
#include "store/seat_ids_json.h"
#include "store/sqlite/sqlite_db.h"

namespace tw::store::sqlite {

template <class T>
std::optional<T> when(bool present, T value) {
  return present ? std::optional<T>(std::move(value)) : std::nullopt;
}


void write_outbox(Connection& c, const std::vector<OutboxMessage>& messages, std::int64_t at_ms);

HoldRecord read_hold(const Statement& st);
TicketRecord read_ticket(const Statement& st);
inline constexpr int kTicketColumns = 14;  // what read_ticket reads: TW_TICKET_COLUMNS
std::vector<TicketRecord> select_tickets(Connection& c, const char* query, std::int64_t key);
// The order in the statement's next row with its tickets; empty when there is no row.
std::optional<OrderRecord> read_order_with_tickets(Connection& c, Statement& st);
PaymentRecord read_payment(const Statement& st);
RefundRecord read_refund(const Statement& st);

// A state word from the database that this build does not know: the row cannot be trusted.
[[noreturn]] void unknown_state(std::string_view table, std::string_view word);

}  // namespace tw::store::sqlite
