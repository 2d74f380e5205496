#pragma once
// Factories of the PostgreSQL store ports, one per file, all over one PgDatabase (which must
// outlive them). open_postgres (pg_stores.h) wires them together.
#include <memory>

#include "store/stores.h"

namespace tw::store::pg {

class PgDatabase;

std::unique_ptr<EventStore> make_pg_event_store(PgDatabase& db);
std::unique_ptr<AccountStore> make_pg_account_store(PgDatabase& db);
std::unique_ptr<BookingStore> make_pg_booking_store(PgDatabase& db);
std::unique_ptr<TicketStore> make_pg_ticket_store(PgDatabase& db);
std::unique_ptr<OutboxStore> make_pg_outbox_store(PgDatabase& db);
std::unique_ptr<DeadLetterStore> make_pg_dead_letter_store(PgDatabase& db);
std::unique_ptr<QueueStore> make_pg_queue_store(PgDatabase& db);
std::unique_ptr<SeatBlockStore> make_pg_seat_block_store(PgDatabase& db);
std::unique_ptr<AccessCodeStore> make_pg_access_code_store(PgDatabase& db);
std::unique_ptr<AuditStore> make_pg_audit_store(PgDatabase& db);
std::unique_ptr<SalesStore> make_pg_sales_store(PgDatabase& db);
std::unique_ptr<WebhookStore> make_pg_webhook_store(PgDatabase& db);

}  // namespace tw::store::pg
