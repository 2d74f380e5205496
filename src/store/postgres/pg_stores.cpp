#include "store/postgres/pg_stores.h"

#include "store/postgres/pg_database.h"
#include "store/postgres/pg_ports.h"

namespace tw::store {

core::Result<Stores> open_postgres(const std::string& url, const core::Clock& clock, int pool_size) {
  auto opened = pg::PgDatabase::open(url, clock, pool_size);
  if (!opened) return opened.error();
  auto& db = **opened;
  Stores s;
  s.events = pg::make_pg_event_store(db);
  s.accounts = pg::make_pg_account_store(db);
  s.booking = pg::make_pg_booking_store(db);
  s.tickets = pg::make_pg_ticket_store(db);
  s.outbox = pg::make_pg_outbox_store(db);
  s.dead_letters = pg::make_pg_dead_letter_store(db);
  s.queues = pg::make_pg_queue_store(db);
  s.blocks = pg::make_pg_seat_block_store(db);
  s.codes = pg::make_pg_access_code_store(db);
  s.audit = pg::make_pg_audit_store(db);
  s.sales = pg::make_pg_sales_store(db);
  s.webhooks = pg::make_pg_webhook_store(db);
  s.database = std::move(opened).value();
  return s;
}

}  // namespace tw::store
