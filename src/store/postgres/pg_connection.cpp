#include "store/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <unordered_map>

namespace tw::store::pg {
namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

struct PgConnection::Impl {
  explicit Impl(asio::any_io_executor ex) : socket(ex) {}
  ~Impl() {
    if (socket.is_open()) socket.release();  // libpq owns the descriptor
    if (conn) PQfinish(conn);
  }
  PGconn* conn = nullptr;
  asio::posix::stream_descriptor socket;
  std::unordered_map<const char*, std::string> prepared;  // by the address of the SQL text
  bool broken = false;
};

namespace {

constexpr auto kConnectTimeout = std::chrono::seconds(5);

// libpq's messages span lines ("…failed: …\n\tIs the server running…"): one line, for logs.
std::string trimmed(const char* message) {
  std::string s;
  for (const char* p = message ? message : ""; *p; ++p) {
    if (*p == '\n' || *p == '\t' || *p == '\r') {
      if (!s.empty() && s.back() != ' ') s += ' ';
    } else {
      s += *p;
    }
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// Waits until the socket is ready, or the deadline passes (false then).
Task<bool> ready(asio::posix::stream_descriptor& socket, asio::posix::descriptor_base::wait_type what,
                 std::chrono::steady_clock::time_point deadline) {
  asio::steady_timer timer(socket.get_executor(), deadline);
  auto outcome = co_await (socket.async_wait(what, asio::as_tuple(asio::use_awaitable)) ||
                           timer.async_wait(asio::as_tuple(asio::use_awaitable)));
  if (outcome.index() == 1) co_return false;
  co_return !std::get<0>(std::get<0>(outcome));
}

PgFailure failure_of(PGconn* conn, PGresult* res) {
  PgFailure f;
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const char* constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : nullptr;
  f.sqlstate = state ? state : "";
  f.constraint = constraint ? constraint : "";
  f.message = trimmed(res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  if (f.message.empty()) f.message = trimmed(PQerrorMessage(conn));
  // No SQLSTATE, a connection exception (08) or an operator intervention (57P, a server
  // shutting down): the connection cannot be trusted any more.
  f.connection_lost = PQstatus(conn) == CONNECTION_BAD || f.sqlstate.empty() || f.sqlstate.starts_with("08") ||
                      f.sqlstate.starts_with("57P");
  return f;
}

}  // namespace

PgConnection::PgConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PgConnection::~PgConnection() = default;

bool PgConnection::broken() const { return impl_->broken; }
bool PgConnection::idle() const { return PQtransactionStatus(impl_->conn) == PQTRANS_IDLE; }

Task<std::unique_ptr<PgConnection>> PgConnection::connect(std::string conninfo, asio::any_io_executor ex,
                                                          std::optional<PgFailure>* failure) {
  auto impl = std::make_unique<Impl>(ex);
  impl->conn = PQconnectStart(conninfo.c_str());
  const auto fail = [&](std::string why) {
    *failure = PgFailure{"", "", std::move(why), true};
    return std::unique_ptr<PgConnection>();
  };
  if (!impl->conn) co_return fail("out of memory");
  if (PQstatus(impl->conn) == CONNECTION_BAD) co_return fail(trimmed(PQerrorMessage(impl->conn)));
  const auto deadline = std::chrono::steady_clock::now() + kConnectTimeout;
  for (;;) {
    const int fd = PQsocket(impl->conn);
    // libpq may open a new socket while it tries the addresses a name resolves to.
    if (!impl->socket.is_open() || impl->socket.native_handle() != fd) {
      if (impl->socket.is_open()) impl->socket.release();
      if (fd >= 0) impl->socket.assign(fd);
    }
    const auto state = PQconnectPoll(impl->conn);
    if (state == PGRES_POLLING_OK) break;
    if (state == PGRES_POLLING_FAILED) co_return fail(trimmed(PQerrorMessage(impl->conn)));
    const auto what = state == PGRES_POLLING_READING ? asio::posix::descriptor_base::wait_read
                                                     : asio::posix::descriptor_base::wait_write;
    if (!co_await ready(impl->socket, what, deadline)) co_return fail("timed out connecting to the database");
  }
  if (impl->socket.native_handle() != PQsocket(impl->conn)) {
    impl->socket.release();
    impl->socket.assign(PQsocket(impl->conn));
  }
  if (PQsetnonblocking(impl->conn, 1) != 0) co_return fail(trimmed(PQerrorMessage(impl->conn)));
  co_return std::unique_ptr<PgConnection>(new PgConnection(std::move(impl)));
}

// Sends what libpq has buffered, then reads every result of the command; the reply is the last
// result, or the first failure.
Task<PgReply> PgConnection::finish_send() {
  auto& c = *impl_;
  const auto never = std::chrono::steady_clock::time_point::max();
  PgReply reply;
  const auto lose = [&](PGresult* res) {
    reply.failure = failure_of(c.conn, res);
    if (reply.failure->connection_lost) c.broken = true;
  };
  for (int flushed; (flushed = PQflush(c.conn)) != 0;) {
    if (flushed < 0 || !co_await ready(c.socket, asio::posix::descriptor_base::wait_write, never)) {
      lose(nullptr);
      co_return reply;
    }
  }
  for (;;) {
    while (PQisBusy(c.conn)) {
      if (!co_await ready(c.socket, asio::posix::descriptor_base::wait_read, never) || !PQconsumeInput(c.conn)) {
        lose(nullptr);
        co_return reply;
      }
    }
    PGresult* res = PQgetResult(c.conn);
    if (!res) break;
    const auto status = PQresultStatus(res);
    if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE) {
      if (!reply.failure) lose(res);
      PQclear(res);
    } else {
      reply.result = PgResult(res);
    }
  }
  if (PQstatus(c.conn) == CONNECTION_BAD) {
    c.broken = true;
    if (!reply.failure) lose(nullptr);
  }
  co_return reply;
}

Task<PgReply> PgConnection::query(const char* sql, Params params) {
  auto& c = *impl_;
  auto it = c.prepared.find(sql);
  if (it == c.prepared.end()) {
    const std::string name = "s" + std::to_string(c.prepared.size());
    if (!PQsendPrepare(c.conn, name.c_str(), sql, static_cast<int>(params.size()), nullptr)) {
      c.broken = true;
      co_return PgReply{{}, failure_of(c.conn, nullptr)};
    }
    auto prepared = co_await finish_send();
    if (!prepared.ok()) co_return prepared;
    it = c.prepared.emplace(sql, name).first;
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  if (!PQsendQueryPrepared(c.conn, it->second.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                           nullptr, 0)) {
    c.broken = true;
    co_return PgReply{{}, failure_of(c.conn, nullptr)};
  }
  co_return co_await finish_send();
}

Task<PgReply> PgConnection::exec(std::string sql) {
  auto& c = *impl_;
  if (!PQsendQuery(c.conn, sql.c_str())) {
    c.broken = true;
    co_return PgReply{{}, failure_of(c.conn, nullptr)};
  }
  co_return co_await finish_send();
}

}  // namespace tw::store::pg
