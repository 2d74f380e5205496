#pragma once
// Copies of SQLite databases made while servers run (`ticketwar backup`) and put back while none
// does (`ticketwar restore`), through SQLite's online backup: each copy is one read snapshot of
// its database, whole and consistent, and writers carry on meanwhile.
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"

namespace tw::store {

struct SqliteCopy {
  std::int64_t bytes = 0;
  std::int64_t schema_version = 0;  // the last migration in it; 0 for a file without migrations
};

// Copies the database at `from` into a new file `to` (refused if `to` exists). The copy is one
// self-contained file (no write-ahead log beside it) that passed SQLite's quick check.
core::Result<SqliteCopy> back_up_sqlite(const std::string& from, const std::string& to);

// Proof that no server serves the database at a path, held while restoring it: the lock every
// server takes on its database (exclusive or shared, store/sqlite/sqlite_database.h), taken
// exclusively, so that none can start either until this is dropped.
class NoServerLock {
 public:
  static core::Result<std::unique_ptr<NoServerLock>> take(const std::string& db_path);
  ~NoServerLock();
  NoServerLock(const NoServerLock&) = delete;
  NoServerLock& operator=(const NoServerLock&) = delete;

 private:
  explicit NoServerLock(int fd) : fd_(fd) {}
  int fd_;
};

struct RestoreRules {
  bool replace = false;        // overwrite a database that holds data
  bool needs_schema = false;   // `from` must be a TicketWar database (one with migrations)
};

// Checks that `from` is a whole SQLite database (with a schema this binary knows, when it has
// one or must); then replaces the database at `to` with it. The caller holds the NoServerLock of
// the database it restores.
core::Result<SqliteCopy> restore_sqlite(const std::string& from, const std::string& to, RestoreRules rules);

}  // namespace tw::store
