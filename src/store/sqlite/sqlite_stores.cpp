#include "store/sqlite/sqlite_stores.h"

#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_ports.h"

namespace tw::store {

core::Result<Stores> open_sqlite(const std::string& path, WorkerPool& pool, const core::Clock& clock) {
  auto opened = sqlite::SqliteDatabase::open(path, pool, clock);
  if (!opened) return opened.error();
  auto& db = **opened;
  Stores s;
  s.events = sqlite::make_sqlite_event_store(db);
  s.accounts = sqlite::make_sqlite_account_store(db);
  s.booking = sqlite::make_sqlite_booking_store(db);
  s.tickets = sqlite::make_sqlite_ticket_store(db);
  s.outbox = sqlite::make_sqlite_outbox_store(db);
  s.dead_letters = sqlite::make_sqlite_dead_letter_store(db);
  s.queues = sqlite::make_sqlite_queue_store(db);
  s.blocks = sqlite::make_sqlite_seat_block_store(db);
  s.codes = sqlite::make_sqlite_access_code_store(db);
  s.audit = sqlite::make_sqlite_audit_store(db);
  s.sales = sqlite::make_sqlite_sales_store(db);
  s.webhooks = sqlite::make_sqlite_webhook_store(db);
  s.database = std::move(opened).value();
  return s;
}

}  // namespace tw::store
