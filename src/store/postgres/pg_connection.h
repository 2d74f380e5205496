#pragma once
// One PostgreSQL connection driven without blocking: libpq in non-blocking mode, its socket
// watched by Asio, so a query is awaited like any other I/O. Statements are prepared once per
// connection (by the address of their SQL text: pass string constants) and sent with text
// parameters. Not thread-safe: a connection is used by one coroutine at a time, on the executor
// it was connected on (PgDatabase leases connections out).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "async/task.h"
#include "store/postgres/pg_result.h"

namespace tw::store::pg {

// Statement parameters, in text form; nullopt is NULL.
using Params = std::vector<std::optional<std::string>>;

class PgConnection {
 public:
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Connects without blocking. The failure's message says why (for one line at start-up).
  static Task<std::unique_ptr<PgConnection>> connect(std::string conninfo, boost::asio::any_io_executor ex,
                                                     std::optional<PgFailure>* failure);

  // Runs a statement with parameters, prepared on first use.
  Task<PgReply> query(const char* sql, Params params);
  // Runs text without parameters (BEGIN, COMMIT, migrations with several statements).
  Task<PgReply> exec(std::string sql);
  // True once the connection failed; the pool drops it.
  bool broken() const;
  // True when no transaction is open (a connection going back to the pool must be).
  bool idle() const;

 private:
  struct Impl;
  explicit PgConnection(std::unique_ptr<Impl> impl);
  Task<PgReply> finish_send();
  std::unique_ptr<Impl> impl_;
};

}  // namespace tw::store::pg
