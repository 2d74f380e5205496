// `ticketwar backup DIR` and `ticketwar restore DIR`: the SQLite database and the simulated
// processor's ledger, copied while servers run and put back while none does. PostgreSQL has its
// own tools for this (docs/operations.md).
#include <cstdio>
#include <filesystem>
#include <string>

#include "app/app.h"
#include "app/startup.h"
#include "http/access_log.h"
#include "store/sqlite/sqlite_backup.h"

namespace tw::app {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDatabaseFile = "ticketwar.db";
constexpr const char* kLedgerFile = "payment-processor.db";

std::string only_word(const Config& config) { return config.admin_words.size() == 1 ? config.admin_words[0] : ""; }

int refuse_postgres(const char* what) {
  return config_error(std::string(what) + " copies SQLite databases; on PostgreSQL use pg_dump and pg_restore "
                      "(docs/operations.md)");
}

void write_manifest(const std::string& dir, const store::SqliteCopy& db, const store::SqliteCopy& ledger) {
  std::FILE* f = std::fopen((dir + "/backup.json").c_str(), "w");
  if (!f) return;
  std::fprintf(f,
               "{\"takenAt\":\"%s\",\"schemaVersion\":%lld,\"files\":{\"%s\":%lld,\"%s\":%lld}}\n",
               http::utc_timestamp_ms().c_str(), static_cast<long long>(db.schema_version), kDatabaseFile,
               static_cast<long long>(db.bytes), kLedgerFile, static_cast<long long>(ledger.bytes));
  std::fclose(f);
}

}  // namespace

// The database first, then the ledger: every charge behind an order in the copy is then in the
// copied ledger too (a charge made between the two copies, for an order the copy lacks, is
// refunded by the restored server's reconciliation like any charge without an order).
int backup(const Config& config) {
  const std::string dir = only_word(config);
  if (dir.empty()) return config_error("usage: ticketwar backup DIR (a new directory)");
  if (config.uses_postgres()) return refuse_postgres("backup");
  std::error_code ec;
  if (fs::exists(dir) && !fs::is_empty(dir, ec)) return fail(dir + " is not empty: back up to a new directory");
  fs::create_directories(dir, ec);
  if (ec) return fail("cannot create " + dir + ": " + ec.message());
  auto db = store::back_up_sqlite(config.database_path(), dir + "/" + kDatabaseFile);
  if (!db) return fail(db.error().message);
  store::SqliteCopy ledger;
  if (fs::exists(config.payment_ledger_path())) {
    auto copied = store::back_up_sqlite(config.payment_ledger_path(), dir + "/" + kLedgerFile);
    if (!copied) return fail(copied.error().message);
    ledger = *copied;
  }
  write_manifest(dir, *db, ledger);
  std::printf("backed up %s (schema %lld, %lld bytes) and the payment ledger (%lld bytes) to %s\n",
              config.database_label().c_str(), static_cast<long long>(db->schema_version),
              static_cast<long long>(db->bytes), static_cast<long long>(ledger.bytes), dir.c_str());
  return 0;
}

int restore(const Config& config) {
  const std::string dir = only_word(config);
  if (dir.empty()) return config_error("usage: ticketwar restore DIR [--replace] (a directory made by ticketwar backup)");
  if (config.uses_postgres()) return refuse_postgres("restore");
  const std::string db_file = dir + "/" + kDatabaseFile;
  if (!fs::is_regular_file(db_file)) return fail(dir + " holds no backup (no " + kDatabaseFile + ")");
  auto lock = store::NoServerLock::take(config.database_path());
  if (!lock) return fail(lock.error().message);
  const store::RestoreRules rules{.replace = config.replace, .needs_schema = true};
  auto db = store::restore_sqlite(db_file, config.database_path(), rules);
  if (!db) return fail(db.error().message);
  const std::string ledger_file = dir + "/" + kLedgerFile;
  if (fs::is_regular_file(ledger_file)) {
    // The ledger goes with its database: the restored orders' charges, for refunds.
    const store::RestoreRules ledger_rules{.replace = true};
    auto ledger = store::restore_sqlite(ledger_file, config.payment_ledger_path(), ledger_rules);
    if (!ledger) return fail(ledger.error().message);
  }
  std::printf("restored %s from %s (schema %lld); start the server on it\n", config.database_label().c_str(),
              dir.c_str(), static_cast<long long>(db->schema_version));
  return 0;
}

}  // namespace tw::app
