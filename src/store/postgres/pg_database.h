#pragma once
// PgDatabase: the scale-out adapter's connections, shared by its store ports. A bounded pool of
// PgConnections, all driven by one event loop of their own (a thread that only waits on
// sockets; libpq never blocks it), so no I/O thread of the server ever waits on the database.
// Callers on any executor lease a connection, await statements (each runs on the database loop
// and resumes the caller on its own executor), and give it back. Connections are made on
// demand up to the pool size; a broken one is dropped and the next lease connects again, so the
// server recovers by itself when the database returns.
//
// Only the PostgreSQL adapter's own files include this header (it brings Asio in).
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "store/database.h"
#include "store/postgres/pg_connection.h"

namespace tw::store::pg {

// The one place PostgreSQL failures become Error values: a lost connection, a serialization
// failure or a timeout is kUnavailable (retrying may work), anything else kInternal.
core::Error translate(const PgFailure& f);

class PgDatabase;

// A leased connection. Statements run in order; destroy the lease (or let it go out of scope)
// to give the connection back. A lease left inside a transaction gives back a connection that
// is then closed, which rolls the transaction back.
class Lease {
 public:
  Lease(PgDatabase& db, std::unique_ptr<PgConnection> c) : db_(&db), c_(std::move(c)) {}
  Lease(Lease&& o) noexcept : db_(o.db_), c_(std::move(o.c_)) {}
  Lease& operator=(Lease&&) = delete;
  ~Lease();

  Task<PgReply> query(const char* sql, Params params = {});
  Task<PgReply> exec(std::string sql);
  // BEGIN; the statements that follow are one transaction until finish().
  Task<core::Status> begin();
  // COMMIT when `r` is a value (a failed commit replaces it), else ROLLBACK; returns `r`.
  template <class T>
  Task<core::Result<T>> finish(core::Result<T> r);

 private:
  PgDatabase* db_;
  std::unique_ptr<PgConnection> c_;
};

class PgDatabase final : public Database {
 public:
  // Connects once to check the URL (libpq form: postgresql://user@host:port/db, a Unix-socket
  // host included); kUnavailable with libpq's reason when it cannot.
  static core::Result<std::unique_ptr<PgDatabase>> open(const std::string& url, const core::Clock& clock,
                                                        int pool_size);
  ~PgDatabase() override;

  Task<core::Status> migrate() override;
  Task<core::Status> ping() override;
  Task<core::Status> claim_seat_keeping(SeatKeeping how) override;
  void close() override;

  const core::Clock& clock() const { return clock_; }
  // kUnavailable "database_unavailable" when no connection can be made, "database_busy" when
  // every connection stayed in use for five seconds.
  Task<core::Result<Lease>> lease();

 private:
  friend class Lease;
  PgDatabase(std::string url, const core::Clock& clock, int pool_size);
  // A connection, or why there is none (co_spawn wants a result it can default-construct).
  struct Acquired {
    std::unique_ptr<PgConnection> connection;
    std::optional<core::Error> error;
  };
  Task<Acquired> acquire();  // on the database loop
  void give_back(std::unique_ptr<PgConnection> c);                 // from any thread
  Task<PgReply> run(PgConnection& c, const char* sql, Params params);
  Task<PgReply> run_text(PgConnection& c, std::string sql);

  std::string url_;
  const core::Clock& clock_;
  int pool_size_;
  // The database loop, which close() ends before it is destroyed: requests still waiting on the
  // database when the server stops each hold a guard on the HTTP loop they answer to, and ending
  // them after that loop was gone (when this object is destroyed, after the server) read freed
  // memory.
  class Loop : public boost::asio::io_context {
   public:
    using io_context::io_context;
    // Destroys every operation still queued, without running it; the loop stays usable as an
    // object (what is posted later is destroyed with it).
    void end_pending() { shutdown(); }
  };
  Loop loop_;
  // State below is touched only on loop_'s thread.
  std::vector<std::unique_ptr<PgConnection>> free_;
  int open_ = 0;
  std::deque<std::shared_ptr<boost::asio::steady_timer>> waiting_;
  std::thread thread_;
  // The seat-keeping claim: an advisory lock held by this connection's session until close().
  std::optional<Lease> claim_;
};

template <class T>
Task<core::Result<T>> Lease::finish(core::Result<T> r) {
  auto done = co_await exec(r.ok() ? "COMMIT" : "ROLLBACK");
  if (!done.ok() && r.ok()) co_return translate(*done.failure);
  co_return r;
}

}  // namespace tw::store::pg
