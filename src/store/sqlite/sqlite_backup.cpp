#include "store/sqlite/sqlite_backup.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "store/migration.h"
#include "store/sqlite/sqlite_db.h"

namespace tw::store {
namespace {

namespace fs = std::filesystem;
using sqlite::Connection;

std::int64_t schema_version(Connection& c) {
  auto has = c.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!has.step()) return 0;
  auto st = c.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return st.step() ? st.int64(0) : 0;
}

bool holds_tables(Connection& c) {
  auto st = c.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1");
  return st.step();
}

void check_whole(Connection& c, const std::string& path) {
  auto st = c.prepare("PRAGMA quick_check");
  if (!st.step() || st.text(0) != "ok") throw sqlite::SqliteError(0, path + " is damaged: " + st.text(0));
}

std::int64_t size_of(const std::string& path) {
  std::error_code ec;
  const auto n = fs::file_size(path, ec);
  return ec ? 0 : static_cast<std::int64_t>(n);
}

}  // namespace

core::Result<SqliteCopy> back_up_sqlite(const std::string& from, const std::string& to) {
  if (!fs::exists(from)) return core::not_found("no_database", "no database at " + from);
  if (fs::exists(to)) return core::conflict("backup_exists", to + " exists already: back up to a new place");
  try {
    SqliteCopy copy;
    {
      Connection source(from);
      Connection target(to);
      source.copy_into(target);
      // One file, whole by itself: the copy's log folded in and gone.
      target.exec("PRAGMA journal_mode=DELETE");
      check_whole(target, to);
      copy.schema_version = schema_version(target);
    }
    copy.bytes = size_of(to);
    return copy;
  } catch (const sqlite::SqliteError& e) {
    std::error_code ignored;
    fs::remove(to, ignored);
    return core::internal(std::string("backup of ") + from + " failed: " + e.what());
  }
}

core::Result<std::unique_ptr<NoServerLock>> NoServerLock::take(const std::string& db_path) {
  if (std::error_code ec; fs::path(db_path).has_parent_path()) fs::create_directories(fs::path(db_path).parent_path(), ec);
  const std::string path = db_path + ".seats-lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return core::unavailable("restore_failed", "cannot open " + path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return std::unique_ptr<NoServerLock>(new NoServerLock(fd));
  const int err = errno;
  ::close(fd);
  if (err == EWOULDBLOCK) {
    return core::conflict("database_in_use", "a server is serving " + db_path + ": stop every server on it, then restore");
  }
  return core::unavailable("restore_failed", "cannot lock " + path + ": " + std::strerror(err));
}

NoServerLock::~NoServerLock() { ::close(fd_); }

core::Result<SqliteCopy> restore_sqlite(const std::string& from, const std::string& to, RestoreRules rules) {
  if (!fs::is_regular_file(from)) return core::not_found("no_backup", "no backup file at " + from);
  try {
    SqliteCopy copy;
    Connection source(from, Connection::kReadOnly);
    check_whole(source, from);
    copy.schema_version = schema_version(source);
    if (rules.needs_schema && copy.schema_version == 0) {
      return core::invalid("not_a_backup", from + " is not a TicketWar database");
    }
    const auto migrations = sqlite_migrations();
    if (!migrations.empty() && copy.schema_version > migrations.back().version) {
      return core::invalid("backup_too_new", from + " has schema version " + std::to_string(copy.schema_version) +
                                                 ", newer than this ticketwar knows (" +
                                                 std::to_string(migrations.back().version) + "): restore it with a newer release");
    }
    Connection target(to);
    if (!rules.replace && holds_tables(target)) {
      return core::conflict("database_not_empty", to + " holds data: give --replace to overwrite it with the backup");
    }
    source.copy_into(target);
    // The servers' own mode again (a backup's copy is a single file in rollback-journal mode).
    target.exec("PRAGMA journal_mode=WAL");
    check_whole(target, to);
    copy.bytes = size_of(from);
    return copy;
  } catch (const sqlite::SqliteError& e) {
    return core::internal(std::string("restore from ") + from + " failed: " + e.what());
  }
}

}  // namespace tw::store
