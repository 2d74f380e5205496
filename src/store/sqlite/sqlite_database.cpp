#include "store/sqlite/sqlite_database.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/migration.h"
#include "store/sqlite/sqlite_queries.h"

namespace tw::store::sqlite {

// How long the writer waits for readers to leave the log when it restarts it (checkpointer.h):
// reads take microseconds; while a long one (an export) runs, the writer goes on and tries again
// after the next batch of pages, having paused 2 ms.
constexpr std::chrono::milliseconds kLogRestartWait{2};

core::Error translate(const SqliteError& e) {
  if (e.is_busy()) return core::unavailable("database_busy", e.what());
  return core::internal(e.what());
}

core::Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const std::string& path, WorkerPool& pool,
                                                                    const core::Clock& clock) {
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(path, pool, clock));
  try {
    for (std::size_t i = 0; i < pool.size(); ++i) db->free_.push_back(std::make_unique<Connection>(path));
    auto writer = std::make_unique<Connection>(path);
    db->checkpointer_ = std::make_unique<Checkpointer>(std::make_unique<Connection>(path));
    writer->on_commit([cp = db->checkpointer_.get(), w = writer.get()](int wal_pages) {
      if (cp->committed(wal_pages)) w->restart_log(kLogRestartWait);
    });
    db->writer_ = std::make_unique<GroupWriter>(std::move(writer), &translate);
  } catch (const SqliteError& e) {
    return core::unavailable("database_unavailable", e.what());
  }
  return db;
}

std::unique_ptr<Connection> SqliteDatabase::borrow() {
  std::lock_guard lock(mu_);
  auto c = std::move(free_.back());
  free_.pop_back();
  return c;
}

void SqliteDatabase::give_back(std::unique_ptr<Connection> c) {
  std::lock_guard lock(mu_);
  free_.push_back(std::move(c));
}

Task<core::Status> SqliteDatabase::migrate() {
  const auto now = clock_.now_seconds();
  return write([now](Connection& c) -> core::Status {
    c.exec(sql::kCreateMigrationsTable);
    std::int64_t current = 0;
    {
      auto st = c.prepare(sql::kCurrentVersion);
      if (st.step()) current = st.int64(0);
    }
    for (const auto& m : sqlite_migrations()) {
      if (m.version <= current) continue;
      Transaction tx(c);
      c.exec(m.sql);
      c.prepare(sql::kRecordMigration).bind(1, m.version).bind(2, m.name).bind(3, now).run();
      tx.commit();
    }
    return core::Ok{};
  });
}

Task<core::Status> SqliteDatabase::ping() {
  return read([](Connection& c) -> core::Status {
    auto st = c.prepare(sql::kPing);
    if (!st.step()) return core::unavailable("database_unavailable", "database did not answer");
    return core::Ok{};
  });
}

// An advisory lock on a file beside the database (flock: exclusive for a process keeping seats
// in memory, shared otherwise); the kernel drops it when the process ends, however it ends.
Task<core::Status> SqliteDatabase::claim_seat_keeping(SeatKeeping how) {
  const std::string lock_path = path_ + ".seats-lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) co_return core::unavailable("database_unavailable", "cannot open " + lock_path + ": " + std::strerror(errno));
  const int mode = how == SeatKeeping::kInThisProcess ? LOCK_EX : LOCK_SH;
  if (::flock(fd, mode | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) co_return seats_kept_elsewhere(how);
    co_return core::unavailable("database_unavailable", "cannot lock " + lock_path + ": " + std::strerror(err));
  }
  if (claim_fd_ >= 0) ::close(claim_fd_);
  claim_fd_ = fd;
  co_return core::Ok{};
}

void SqliteDatabase::close() {
  if (claim_fd_ >= 0) ::close(claim_fd_);
  claim_fd_ = -1;
  std::lock_guard lock(mu_);
  free_.clear();
  writer_.reset();  // finishes queued writes first
  checkpointer_.reset();
}

}  // namespace tw::store::sqlite
