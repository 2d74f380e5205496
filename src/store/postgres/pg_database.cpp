#include "store/postgres/pg_database.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <algorithm>

#include "async/threads.h"
#include "metrics/registry.h"
#include "store/migration.h"

namespace tw::store::pg {
namespace asio = boost::asio;

namespace {
constexpr auto kLeaseWait = std::chrono::seconds(5);
constexpr const char* kPing = "SELECT 1";
// Instances starting together take turns at migrating.
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(7420261126)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(7420261126)";
// The seat-keeping claim (store/database.h): a session-level advisory lock, exclusive for a
// process keeping seats in memory, shared otherwise. PostgreSQL drops it with the session.
constexpr const char* kClaimAlone = "SELECT pg_try_advisory_lock(7420261127)";
constexpr const char* kClaimShared = "SELECT pg_try_advisory_lock_shared(7420261127)";
constexpr const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
constexpr const char* kCurrentVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr const char* kRecordMigration = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";
}  // namespace

core::Error translate(const PgFailure& f) {
  if (f.connection_lost) return core::unavailable("database_unavailable", "The database cannot be reached: " + f.message);
  if (f.sqlstate == "40001" || f.sqlstate == "40P01" || f.sqlstate == "55P03" || f.sqlstate == "57014") {
    return core::unavailable("database_busy", f.message);
  }
  return core::internal("PostgreSQL " + f.sqlstate + ": " + f.message);
}

Lease::~Lease() {
  if (c_) db_->give_back(std::move(c_));
}

Task<PgReply> Lease::query(const char* sql, Params params) {
  co_return co_await asio::co_spawn(db_->loop_, db_->run(*c_, sql, std::move(params)), asio::use_awaitable);
}

Task<PgReply> Lease::exec(std::string sql) {
  co_return co_await asio::co_spawn(db_->loop_, db_->run_text(*c_, std::move(sql)), asio::use_awaitable);
}

Task<core::Status> Lease::begin() {
  auto r = co_await exec("BEGIN");
  if (!r.ok()) co_return translate(*r.failure);
  co_return core::Ok{};
}

PgDatabase::PgDatabase(std::string url, const core::Clock& clock, int pool_size)
    : url_(std::move(url)), clock_(clock), pool_size_(std::max(1, pool_size)), loop_(1), thread_([this] {
        name_this_thread("tw-postgres");
        auto work = asio::make_work_guard(loop_);  // kept until close() stops the loop
        loop_.run();
      }) {}

PgDatabase::~PgDatabase() { close(); }

core::Result<std::unique_ptr<PgDatabase>> PgDatabase::open(const std::string& url, const core::Clock& clock,
                                                            int pool_size) {
  std::unique_ptr<PgDatabase> db(new PgDatabase(url, clock, pool_size));
  auto first = asio::co_spawn(db->loop_, db->acquire(), asio::use_future).get();
  if (first.error) return *first.error;
  db->give_back(std::move(first.connection));
  return db;
}

Task<PgReply> PgDatabase::run(PgConnection& c, const char* sql, Params params) {
  co_return co_await c.query(sql, std::move(params));
}

Task<PgReply> PgDatabase::run_text(PgConnection& c, std::string sql) { co_return co_await c.exec(std::move(sql)); }

Task<PgDatabase::Acquired> PgDatabase::acquire() {
  for (;;) {
    if (!free_.empty()) {
      Acquired got{std::move(free_.back()), std::nullopt};
      free_.pop_back();
      co_return got;
    }
    if (open_ < pool_size_) {
      ++open_;
      std::optional<PgFailure> failure;
      auto c = co_await PgConnection::connect(url_, loop_.get_executor(), &failure);
      if (c) co_return Acquired{std::move(c), std::nullopt};
      --open_;
      co_return Acquired{nullptr, core::unavailable("database_unavailable", "cannot connect to PostgreSQL: " + failure->message)};
    }
    auto timer = std::make_shared<asio::steady_timer>(loop_, kLeaseWait);
    waiting_.push_back(timer);
    auto [ec] = co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
    if (!ec) {
      std::erase(waiting_, timer);
      co_return Acquired{nullptr, core::unavailable("database_busy", "Every database connection is in use; try again")};
    }
  }
}

void PgDatabase::give_back(std::unique_ptr<PgConnection> c) {
  asio::post(loop_, [this, c = std::move(c)]() mutable {
    if (c->broken() || !c->idle()) {
      --open_;  // closing it rolls back whatever it had open
    } else {
      free_.push_back(std::move(c));
    }
    if (!waiting_.empty()) {
      waiting_.front()->cancel();
      waiting_.pop_front();
    }
  });
}

Task<core::Result<Lease>> PgDatabase::lease() {
  // What the SQLite store's work waits in the tw-db pool's queue is, here, the wait for a
  // connection of the pool (all busy: --database-connections is the bound).
  static auto& waits = metrics::registry().histogram(
      "ticketwar_database_wait_seconds", "Time a request waited for one of this process's PostgreSQL connections, in seconds.");
  const auto asked = std::chrono::steady_clock::now();
  auto got = co_await asio::co_spawn(loop_, acquire(), asio::use_awaitable);
  waits.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count());
  if (got.error) co_return *got.error;
  co_return Lease(*this, std::move(got.connection));
}

Task<core::Status> PgDatabase::ping() {
  auto lease = co_await this->lease();
  if (!lease) co_return lease.error();
  auto r = co_await lease->query(kPing);
  if (!r.ok()) co_return translate(*r.failure);
  co_return core::Ok{};
}

Task<core::Status> PgDatabase::migrate() {
  auto lease = co_await this->lease();
  if (!lease) co_return lease.error();
  for (const char* sql : {kMigrationLock, kCreateMigrationsTable}) {
    auto r = co_await lease->query(sql);
    if (!r.ok()) co_return translate(*r.failure);
  }
  auto current = co_await lease->query(kCurrentVersion);
  if (!current.ok()) co_return translate(*current.failure);
  const auto version = current.result.int64(0, 0);
  const auto now = std::to_string(clock_.now_seconds());
  for (const auto& m : postgres_migrations()) {
    if (m.version <= version) continue;
    if (auto st = co_await lease->begin(); !st) co_return st;
    auto applied = co_await lease->exec(m.sql);
    Params record{std::to_string(m.version), std::string(m.name), now};
    if (applied.ok()) applied = co_await lease->query(kRecordMigration, std::move(record));
    core::Status st = applied.ok() ? core::Status(core::Ok{}) : core::Status(translate(*applied.failure));
    if (auto done = co_await lease->finish(std::move(st)); !done) co_return done;
  }
  auto unlocked = co_await lease->query(kMigrationUnlock);
  if (!unlocked.ok()) co_return translate(*unlocked.failure);
  co_return core::Ok{};
}

Task<core::Status> PgDatabase::claim_seat_keeping(SeatKeeping how) {
  auto lease = co_await this->lease();
  if (!lease) co_return lease.error();
  auto r = co_await lease->query(how == SeatKeeping::kInThisProcess ? kClaimAlone : kClaimShared);
  if (!r.ok()) co_return translate(*r.failure);
  if (r.result.text(0, 0) != "t") co_return seats_kept_elsewhere(how);
  claim_.emplace(std::move(*lease));
  co_return core::Ok{};
}

void PgDatabase::close() {
  claim_.reset();  // gives the connection back, to be closed below with the others
  if (!thread_.joinable()) return;
  asio::post(loop_, [this] {
    free_.clear();
    loop_.stop();
  });
  thread_.join();
  // Requests still waiting on the database (it did not answer before the server gave them up)
  // end here, while the server's loops they hold guards on still exist (see loop_).
  waiting_.clear();
  loop_.end_pending();
}

}  // namespace tw::store::pg
