// GroupWriter on a real SQLite file: writes waiting together share one commit, a write that
// fails inside a group is undone alone, and a write's savepoint journal never goes to disk.
#include "store/sqlite/group_writer.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <future>
#include <string>
#include <unistd.h>

namespace tw::store::sqlite {
namespace {

constexpr const char* kInsert = "INSERT INTO t (k) VALUES (?1)";

core::Error translate(const SqliteError& e) {
  return core::internal(e.what());
}

TEST(GroupWriter, WaitingWritesShareACommitAndAFailedOneIsUndoneAlone) {
  const auto path = std::filesystem::temp_directory_path() / "tw-group-writer-test.db";
  std::filesystem::remove(path);
  auto connection = std::make_unique<Connection>(path.string());
  connection->exec("CREATE TABLE t (k INTEGER PRIMARY KEY)");
  GroupWriter writer(std::move(connection), &translate);

  // The first write holds the writer thread until every other write is queued behind it.
  std::promise<void> gate;
  auto opened = gate.get_future().share();
  boost::asio::io_context io;
  int succeeded = 0, failed = 0;
  const auto spawn = [&](auto job) {
    boost::asio::co_spawn(
        io,
        [&writer, &succeeded, &failed, job]() -> Task<void> {
          auto r = co_await writer.run(job);
          (r ? succeeded : failed)++;
        },
        boost::asio::detached);
  };
  spawn([opened](Connection&) -> core::Status {
    opened.wait();
    return core::Ok{};
  });
  for (int k = 0; k < 300; ++k) {
    spawn([k](Connection& c) -> core::Status {
      c.prepare(kInsert).bind(1, k).run();
      return core::Ok{};
    });
  }
  spawn([](Connection& c) -> core::Status {  // a duplicate key: refused by SQLite
    c.prepare(kInsert).bind(1, 7).run();
    return core::Ok{};
  });
  spawn([](Connection& c) -> core::Status {  // writes, then reports failure: must leave no row
    c.prepare(kInsert).bind(1, 1000).run();
    return core::conflict("changed_mind", "undo me");
  });
  io.poll();  // every write is queued now
  gate.set_value();
  io.run();

  EXPECT_EQ(succeeded, 301);
  EXPECT_EQ(failed, 2);
  EXPECT_EQ(writer.writes(), 303u);
  EXPECT_LE(writer.groups(), 3u) << "303 waiting writes need at most 1 + ceil(302 / 256) commits";
  Connection check(path.string());
  auto count = check.prepare("SELECT COUNT(*), MAX(k) FROM t");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.int64(0), 300);
  EXPECT_EQ(count.int64(1), 299) << "the undone write's row is gone";
  std::filesystem::remove(path);
}

// SQLite's temporary files are unlinked as soon as they are opened: the process's open files show
// them as "... (deleted)".
int open_deleted_files() {
  int n = 0;
  for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    const auto target = std::filesystem::read_symlink(fd.path(), ec).string();
    n += !ec && target.ends_with(" (deleted)");
  }
  return n;
}

TEST(GroupWriter, AWritesSavepointJournalStaysInMemoryPastItsSpillSize) {
  const auto path = std::filesystem::temp_directory_path() / ("tw-group-writer-" + std::to_string(getpid()) + ".db");
  std::filesystem::remove(path);
  auto connection = std::make_unique<Connection>(path.string());
  connection->exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)");
  connection->exec(
      "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
      "INSERT INTO t (v) SELECT zeroblob(3000) FROM n");
  GroupWriter writer(std::move(connection), &translate);

  // Changing 200 rows of 3 KB (about 200 existing pages, 800 KB) puts each page as it was into
  // the savepoint's journal: past SQLite's 64 KiB spill size, a temporary file unless in memory.
  boost::asio::io_context io;
  int files_during = -1, files_before = open_deleted_files();
  boost::asio::co_spawn(
      io,
      [&]() -> Task<void> {
        auto r = co_await writer.run([&](Connection& c) -> core::Status {
          c.run("UPDATE t SET v = zeroblob(3001)");
          files_during = open_deleted_files();
          return core::Ok{};
        });
        EXPECT_TRUE(r);
      },
      boost::asio::detached);
  io.run();
  EXPECT_EQ(files_during, files_before) << "the writer opened a temporary file for its savepoint's journal";
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace tw::store::sqlite
