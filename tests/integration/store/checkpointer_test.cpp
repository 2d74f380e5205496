// Checkpointer on a real SQLite file: one checkpoint per `pages` pages the log has grown, not one
// per commit once the log is past `pages`. Under load a reader is always in some snapshot, so
// SQLite cannot start the log over after a checkpoint; the log stays past the threshold, and a
// checkpoint per commit rewrote the same few pages and synced the file ~90 times a second.
#include "store/sqlite/checkpointer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

namespace tw::store::sqlite {
namespace {

constexpr int kPages = 20;
constexpr int kLimit = 100;
constexpr int kCommits = 300;

// A database file of this process's own, removed with its log before and after.
struct LogFile {
  std::string path;
  explicit LogFile(const char* name)
      : path((std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "-" + name)).string()) {
    clean();
  }
  ~LogFile() { clean(); }
  void clean() const {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
};

// Commits `n` rows of 1 KiB, one a millisecond, so that the checkpointer thread is free to act on
// every commit.
void insert_rows(Connection& writer, int n) {
  for (int k = 0; k < n; ++k) {
    writer.prepare("INSERT INTO t (k, v) VALUES (?1, zeroblob(1024))").bind(1, k).run();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

TEST(Checkpointer, ChecksOnceForEachBatchOfPagesWhileAReaderKeepsTheLogFromStartingOver) {
  LogFile file("tw-checkpointer-test.db");
  Connection writer(file.path);
  writer.exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)");
  Checkpointer checkpointer(std::make_unique<Connection>(file.path), kPages);
  int wal_pages = 0;
  writer.on_commit([&](int pages) {
    wal_pages = pages;
    checkpointer.committed(pages);
  });

  // A reader inside one snapshot from the start, as readers under load always are.
  Connection reader(file.path);
  reader.exec("BEGIN");
  reader.exec("SELECT count(*) FROM t");

  insert_rows(writer, kCommits);
  reader.exec("COMMIT");

  ASSERT_GT(wal_pages, 5 * kPages) << "the log should have kept growing behind the reader";
  EXPECT_GE(checkpointer.runs(), 1);
  EXPECT_LE(checkpointer.runs(), wal_pages / kPages + 1)
      << "a log of " << wal_pages << " pages checkpointed every " << kPages << " pages";
}

// Readers that follow each other without a pause, as a sale's session and outbox reads do: one is
// nearly always inside a snapshot of the log, so a checkpoint beside the writer never lets the
// log start over. Past `limit` pages the writer restarts the log itself between two commits.
TEST(Checkpointer, TheWriterStartsTheLogOverPastItsLimitWhileReadersNeverPause) {
  LogFile file("tw-checkpointer-busy-test.db");
  Connection writer(file.path);
  writer.exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)");
  Checkpointer checkpointer(std::make_unique<Connection>(file.path), kPages, kLimit);
  int longest = 0;
  writer.on_commit([&](int pages) {
    longest = std::max(longest, pages);
    if (checkpointer.committed(pages)) writer.restart_log(std::chrono::milliseconds(2));
  });

  std::atomic<bool> writing{true};
  std::thread readers([&] {
    Connection reader(file.path);
    while (writing) {
      reader.prepare("SELECT max(k) FROM t").step();
      std::this_thread::sleep_for(std::chrono::microseconds(20));
    }
  });
  insert_rows(writer, 2 * kCommits);
  writing = false;
  readers.join();

  EXPECT_LE(longest, kLimit + 5 * kPages) << "the log should start over once past " << kLimit << " pages";
}

}  // namespace
}  // namespace tw::store::sqlite
