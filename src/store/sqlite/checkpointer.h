#pragma once
// Checkpointer: copies the write-ahead log back into the database file on a thread of its own.
// SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the writer
// thread, and ends with an fsync: every write queued behind that commit (holds, checkouts) waited
// for the disk. Here the writer's commit only notes the log's size; past `pages` pages this thread
// wakes and runs a PASSIVE checkpoint, which never blocks the writer or the readers.
//
// Once per `pages` pages the log has grown, not per commit past `pages`: SQLite starts the log
// over only when no reader is inside a snapshot of it, which under load is almost never, so the
// log stays past the threshold; a checkpoint per commit then copied the same few pages and
// synced the file some 90 times a second during a sale. Nor can a checkpoint beside the writer
// let the log start over while readers follow each other without a pause: past `limit_pages`
// pages, committed() asks the writer to restart the log itself (Connection::restart_log),
// between two of its transactions. Most of the log is copied by then, so that pause is short,
// and it comes once per `limit_pages` pages written: the log stays near that size instead of
// growing for as long as the sale lasts (428 MB in five seconds of holds).
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sqlite/sqlite_db.h"

namespace tw::store::sqlite {

class Checkpointer {
 public:
  // `own`: this thread's connection to the database file.
  explicit Checkpointer(std::unique_ptr<Connection> own, int pages = 1000, int limit_pages = 10'000);
  // Stops the thread; the last connection to close checkpoints what is left. Destroy it after
  // the writer connection whose commits call committed() is closed.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // For the writer connection's on_commit: the log has `wal_pages` pages after a commit. True
  // when the writer should restart the log now (see above).
  bool committed(int wal_pages);
  // Checkpoints run so far (for tests).
  int runs() const;

 private:
  void loop();

  std::unique_ptr<Connection> own_;
  int pages_;
  int limit_pages_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool due_ = false;       // guarded by mu_
  bool running_ = false;   // guarded by mu_: a checkpoint is under way on this thread
  int log_pages_ = 0;      // guarded by mu_: the log's size after the latest commit
  int checked_at_ = 0;     // guarded by mu_: its size when the latest checkpoint was asked for
  bool stopping_ = false;  // guarded by mu_
  int runs_ = 0;           // guarded by mu_
  std::thread thread_;
};

}  // namespace tw::store::sqlite
