#pragma once
// SqliteDatabase: the embedded adapter's connections, shared by its store ports. One database
// file in WAL mode; blocking SQLite calls run on a WorkerPool. Readers borrow one of a fixed set
// of connections (one per worker, so borrowing never waits); writes go to the GroupWriter's one
// connection and thread (sqlite/group_writer.h): SQLite allows one writer at a time anyway,
// queueing is far cheaper than SQLite's busy handler, and writes waiting together share a commit.
//
// Only the SQLite adapter's own files include this header (it brings Asio in).
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "async/worker_pool.h"
#include "core/clock.h"
#include "store/database.h"
#include "store/sqlite/checkpointer.h"
#include "store/sqlite/group_writer.h"
#include "store/sqlite/sqlite_db.h"

namespace tw::store::sqlite {

// The one place SQLite failures become Error values.
core::Error translate(const SqliteError& e);

class SqliteDatabase final : public Database {
 public:
  // Opens or creates `path`; `pool` runs the blocking calls and must outlive the database.
  // Fails with kUnavailable when the file cannot be opened.
  static core::Result<std::unique_ptr<SqliteDatabase>> open(const std::string& path, WorkerPool& pool,
                                                            const core::Clock& clock);

  Task<core::Status> migrate() override;
  Task<core::Status> ping() override;
  Task<core::Status> claim_seat_keeping(SeatKeeping how) override;
  void close() override;

  const core::Clock& clock() const { return clock_; }

  // Runs `f(Connection&) -> Result<T>` on a worker with a borrowed reader connection; SQLite
  // failures become Error values.
  template <class F>
  auto read(F f) {
    return pool_.run([this, f = std::move(f)]() mutable -> decltype(f(std::declval<Connection&>())) {
      auto conn = borrow();
      struct Return {
        SqliteDatabase& db;
        std::unique_ptr<Connection>& c;
        ~Return() { db.give_back(std::move(c)); }
      } give_back{*this, conn};
      try {
        return f(*conn);
      } catch (const SqliteError& e) {
        return translate(e);
      }
    });
  }

  // Runs `f(Connection&) -> Result<T>` on the writer thread, committed with the writes waiting
  // alongside it; the result arrives after the commit.
  template <class F>
  auto write(F f) {
    return writer_->run(std::move(f));
  }

 private:
  SqliteDatabase(std::string path, WorkerPool& pool, const core::Clock& clock)
      : path_(std::move(path)), pool_(pool), clock_(clock) {}
  std::unique_ptr<Connection> borrow();
  void give_back(std::unique_ptr<Connection> c);

  std::string path_;
  WorkerPool& pool_;
  const core::Clock& clock_;
  int claim_fd_ = -1;  // the seat-keeping claim: a lock on PATH.seats-lock, held until close()
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> free_;  // guarded by mu_
  std::unique_ptr<Checkpointer> checkpointer_;     // declared before the writer: outlives it
  std::unique_ptr<GroupWriter> writer_;
};

}  // namespace tw::store::sqlite
