#pragma once
// A thin RAII layer over the SQLite C API, for the SQLite store and the simulated processor's
// ledger. Failures are thrown as SqliteError, so SQL code reads straight through; each user
// turns them into Error values at its own boundary, and no exception crosses one.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace tw::sqlite {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }  // extended result code
  bool is_unique_violation() const;
  bool is_busy() const;

 private:
  int code_;
};

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(const Statement&) = delete;
  // Resets the statement so the cached prepared statement can be reused.
  ~Statement();

  Statement& bind(int index, std::int64_t v);
  Statement& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
  Statement& bind(int index, double v);
  Statement& bind(int index, std::string_view v);
  Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
  Statement& bind_null(int index);
  template <class T>
  Statement& bind(int index, const std::optional<T>& v) {
    return v ? bind(index, *v) : bind_null(index);
  }

  // Advances to the next row; false when done.
  bool step();
  // Steps once, expecting no row (INSERT/UPDATE/DELETE).
  void run();

  std::int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  bool is_null(int col) const;
  int columns() const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  enum Mode { kReadWrite, kReadOnly };
  // Opens (creating if needed) the database file in WAL mode with foreign keys on; or, read-only,
  // an existing file as it is (a backup copy, left untouched).
  explicit Connection(const std::string& path, Mode mode = kReadWrite);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements without results (parsed every time: for schema and pragmas).
  void exec(const char* sql);
  // Runs one statement without results through the statement cache (for BEGIN, SAVEPOINT and
  // their ends, which every write runs: parsing them each time cost as much as the write).
  void run(const char* sql);
  // A prepared statement, cached per connection by the SQL text's address: pass string
  // constants, not temporaries.
  Statement prepare(const char* sql);
  // Calls `f(pages in the write-ahead log)` after each commit instead of checkpointing in the
  // commit itself (SQLite's default); null restores the default.
  void on_commit(std::function<void(int)> f);
  // A PASSIVE checkpoint: copies what it can of the log into the database file without waiting
  // for readers or the writer.
  void checkpoint();
  // A RESTART checkpoint, for the writer between two transactions: copies the whole log and
  // waits up to `wait` for readers to leave it, so that the next write starts the log over.
  // False when readers or another checkpoint kept it busy that long; never throws.
  bool restart_log(std::chrono::milliseconds wait);
  // Copies this whole database into `target` through SQLite's online backup: one read snapshot,
  // so the copy is consistent while writers carry on (WAL mode). `target`'s content is replaced.
  void copy_into(Connection& target);
  std::int64_t last_insert_id() const;
  int changes() const;
  bool in_transaction() const;

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
  std::function<void(int)> on_commit_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back when destroyed uncommitted.
// A transaction, or a savepoint when the connection is already in one (the GroupWriter runs
// every write inside its group's transaction): either way all or nothing.
class Transaction {
 public:
  explicit Transaction(Connection& c);
  ~Transaction();
  void commit();

 private:
  Connection& c_;
  bool nested_;
  bool done_ = false;
};

// Several reads at one moment of the database, under one WAL read lock: without it each
// statement is a transaction of its own and takes and drops the lock (file-lock system calls)
// again. Nothing to commit; ends when it goes out of scope. Does nothing inside a transaction.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Connection& c);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Connection& c_;
  bool began_;
};

}  // namespace tw::sqlite
