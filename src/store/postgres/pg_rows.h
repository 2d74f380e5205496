#pragma once
// Pieces the PostgreSQL store ports share: parameters in text form, reading records from rows,
// appending outbox messages.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/postgres/pg_database.h"
#include "store/like_pattern.h"
#include "store/records.h"
#include "store/held_prices_text.h"
#include "store/seat_ids_json.h"

namespace tw::store::pg {

inline std::optional<std::string> arg(std::int64_t v) { return std::to_string(v); }
inline std::optional<std::string> arg(int v) { return std::to_string(v); }
inline std::optional<std::string> arg(std::string_view v) { return std::string(v); }
inline std::optional<std::string> arg(const char* v) { return std::string(v); }
inline std::optional<std::string> arg(const std::string& v) { return v; }
inline std::optional<std::string> flag(bool v) { return std::string(v ? "true" : "false"); }
template <class T>
std::optional<std::string> arg(const std::optional<T>& v) {
  return v ? arg(*v) : std::nullopt;
}

// PostgreSQL array literals ({"a","b"}, {1,2}) for unnest() parameters.
std::string text_array(const std::vector<std::string>& values);
std::string int_array(const std::vector<std::int64_t>& values);

HoldRecord read_hold(const PgResult& r, int row);
TicketRecord read_ticket(const PgResult& r, int row);
inline constexpr int kTicketColumns = 14;  // what read_ticket reads: TW_PG_TICKET_COLUMNS
PaymentRecord read_payment(const PgResult& r, int row);
RefundRecord read_refund(const PgResult& r, int row);
User read_user(const PgResult& r, int row, int first_col = 0);
TicketOffer read_ticket_offer(const PgResult& r, int row);

// A state word this build does not know: the row cannot be trusted.
core::Error unknown_state(std::string_view table, std::string_view word);
// Thrown by the readers above when a row holds such a word; the ports turn it into that error.
struct UnknownState {
  core::Error error;
};

// Runs `read` over rows, turning a row with an unknown state word into that error.
template <class T, class F>
core::Result<T> reading(F read) {
  try {
    return read();
  } catch (const UnknownState& u) {
    return u.error;
  }
}

// Runs one statement on a connection of its own, its failure translated.
Task<core::Result<PgResult>> query_once(PgDatabase& db, const char* sql, Params args);
// The same for a statement that changes rows: how many it changed.
Task<core::Result<std::int64_t>> change_once(PgDatabase& db, const char* sql, Params args);

// Appends messages to the outbox in the lease's transaction (nothing to do for none).
Task<std::optional<PgFailure>> write_outbox(Lease& lease, const std::vector<OutboxMessage>& messages,
                                            std::int64_t at_ms);
// The order in `r`'s first row with its tickets; empty when there is no row.
Task<core::Result<std::optional<OrderRecord>>> read_order_with_tickets(Lease& lease, PgResult r);

}  // namespace tw::store::pg
