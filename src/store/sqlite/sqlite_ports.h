#pragma once
// Factories of the SQLite store ports, one per file, all over one SqliteDatabase (which must
// outlive them). open_sqlite (sqlite_stores.h) wires them together.
#include <memory>

#include "store/stores.h"

namespace tw::store::sqlite {

class SqliteDatabase;

std::unique_ptr<EventStore> make_sqlite_event_store(SqliteDatabase& db);
std::unique_ptr<AccountStore> make_sqlite_account_store(SqliteDatabase& db);
std::unique_ptr<BookingStore> make_sqlite_booking_store(SqliteDatabase& db);
std::unique_ptr<TicketStore> make_sqlite_ticket_store(SqliteDatabase& db);
std::unique_ptr<OutboxStore> make_sqlite_outbox_store(SqliteDatabase& db);
std::unique_ptr<AuditStore> make_sqlite_audit_store(SqliteDatabase& db);
std::unique_ptr<SalesStore> make_sqlite_sales_store(SqliteDatabase& db);
std::unique_ptr<WebhookStore> make_sqlite_webhook_store(SqliteDatabase& db);
std::unique_ptr<DeadLetterStore> make_sqlite_dead_letter_store(SqliteDatabase& db);
std::unique_ptr<QueueStore> make_sqlite_queue_store(SqliteDatabase& db);
std::unique_ptr<SeatBlockStore> make_sqlite_seat_block_store(SqliteDatabase& db);
std::unique_ptr<AccessCodeStore> make_sqlite_access_code_store(SqliteDatabase& db);

}  // namespace tw::store::sqlite
