#include "sqlite/sqlite_db.h"

#include <sqlite3.h>

namespace tw::sqlite {
namespace {

// Writers wait for each other instead of failing; WAL lets readers run beside a writer.
constexpr int kBusyTimeoutMs = 5000;

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  const int ext = db ? sqlite3_extended_errcode(db) : rc;
  throw SqliteError(ext, std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

}  // namespace

bool SqliteError::is_unique_violation() const {
  return code_ == SQLITE_CONSTRAINT_UNIQUE || code_ == SQLITE_CONSTRAINT_PRIMARYKEY;
}
bool SqliteError::is_busy() const { return (code_ & 0xff) == SQLITE_BUSY || (code_ & 0xff) == SQLITE_LOCKED; }

Statement::~Statement() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::bind(int i, std::int64_t v) {
  if (int rc = sqlite3_bind_int64(stmt_, i, v); rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}
Statement& Statement::bind(int i, double v) {
  if (int rc = sqlite3_bind_double(stmt_, i, v); rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
  if (int rc = sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); rc != SQLITE_OK) {
    fail(db_, rc, "bind");
  }
  return *this;
}
Statement& Statement::bind_null(int i) {
  if (int rc = sqlite3_bind_null(stmt_, i); rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, rc, "step");
}

void Statement::run() {
  while (step()) {
  }
}

std::int64_t Statement::int64(int c) const { return sqlite3_column_int64(stmt_, c); }
double Statement::real(int c) const { return sqlite3_column_double(stmt_, c); }
std::string Statement::text(int c) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c))) : std::string();
}
bool Statement::is_null(int c) const { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
int Statement::columns() const { return sqlite3_column_count(stmt_); }

Connection::Connection(const std::string& path, Mode mode) {
  // SQLite counts every allocation it makes under one process-wide mutex unless told not to; the
  // counts are never read here, and every connection's thread took that lock per allocation.
  static const bool configured = [] { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }();
  (void)configured;  // SQLITE_MISUSE when SQLite was already in use: it only keeps counting
  const int flags = (mode == kReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
  if (int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr); rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw SqliteError(rc, "cannot open " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  if (mode == kReadWrite) exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

void Connection::exec(const char* sql) {
  char* err = nullptr;
  if (int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err); rc != SQLITE_OK) {
    std::string msg = err ? err : "exec failed";
    sqlite3_free(err);
    throw SqliteError(sqlite3_extended_errcode(db_), msg);
  }
}

void Connection::run(const char* sql) { prepare(sql).run(); }

Statement Connection::prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr); rc != SQLITE_OK) {
      fail(db_, rc, "prepare");
    }
    it = cache_.emplace(sql, stmt).first;
  }
  return Statement(db_, it->second);
}

void Connection::on_commit(std::function<void(int)> f) {
  on_commit_ = std::move(f);
  if (!on_commit_) {
    sqlite3_wal_autocheckpoint(db_, 1000);  // SQLite's default threshold, in pages
    return;
  }
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3*, const char*, int pages) -> int {
        static_cast<Connection*>(self)->on_commit_(pages);
        return SQLITE_OK;
      },
      this);
}

void Connection::checkpoint() {
  if (int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr); rc != SQLITE_OK) {
    fail(db_, rc, "checkpoint");
  }
}

bool Connection::restart_log(std::chrono::milliseconds wait) {
  // The busy timeout is the connection's; a writer must not wait seconds on a long read here.
  sqlite3_busy_timeout(db_, static_cast<int>(wait.count()));
  const int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  return rc == SQLITE_OK;
}

void Connection::copy_into(Connection& target) {
  sqlite3_backup* b = sqlite3_backup_init(target.db_, "main", db_, "main");
  if (!b) fail(target.db_, sqlite3_extended_errcode(target.db_), "backup");
  // All pages in one step: one snapshot. Stepping in parts would let a write in between restart
  // the copy, again and again during a busy sale.
  const int stepped = sqlite3_backup_step(b, -1);
  const int finished = sqlite3_backup_finish(b);
  if (stepped != SQLITE_DONE) fail(target.db_, stepped, "backup");
  if (finished != SQLITE_OK) fail(target.db_, finished, "backup");
}

std::int64_t Connection::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Connection::changes() const { return sqlite3_changes(db_); }

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

Transaction::Transaction(Connection& c) : c_(c), nested_(c.in_transaction()) {
  c_.run(nested_ ? "SAVEPOINT tw_tx" : "BEGIN IMMEDIATE");
}
Transaction::~Transaction() {
  if (!done_) {
    try {
      if (nested_) {
        c_.run("ROLLBACK TO tw_tx");
        c_.run("RELEASE tw_tx");
      } else {
        c_.run("ROLLBACK");
      }
    } catch (const SqliteError&) {
      // Nothing to do: SQLite may already have rolled back after the error that brought us here.
    }
  }
}
void Transaction::commit() {
  c_.run(nested_ ? "RELEASE tw_tx" : "COMMIT");
  done_ = true;
}

ReadSnapshot::ReadSnapshot(Connection& c) : c_(c), began_(!c.in_transaction()) {
  if (began_) c_.run("BEGIN");
}
ReadSnapshot::~ReadSnapshot() {
  if (!began_) return;
  try {
    c_.run("COMMIT");
  } catch (const SqliteError&) {
    // A read-only transaction has nothing to lose; the connection ends it on its next use.
  }
}

}  // namespace tw::sqlite
