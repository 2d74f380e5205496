#include "store/sqlite/group_writer.h"

#include "async/threads.h"

#include <vector>

namespace tw::store::sqlite {

namespace {

// A write's savepoint keeps each page it changes, as it was, in SQLite's statement journal until
// the write ends. Past 64 KiB that journal becomes a temporary file, and one checkout (its tickets
// in four indexes) can pass it: in the 100,000-seat sale the writer then wrote some 6,000 pages a
// second to that file besides the log's. In memory a page costs a copy. The journal holds only
// the pages one write changes (a checkout's few dozen; more for an organiser's bulk edit, such as
// replacing a layout's seats), and releasing the write's savepoint empties it. SQLite's sorter
// (CREATE INDEX in a migration) keeps its own temporary files whatever this setting says.
std::unique_ptr<Connection> keeping_savepoints_in_memory(std::unique_ptr<Connection> c) {
  c->exec("PRAGMA temp_store=MEMORY");
  return c;
}

}  // namespace

GroupWriter::GroupWriter(std::unique_ptr<Connection> connection, core::Error (*translate)(const SqliteError&),
                         std::size_t max_group)
    : connection_(keeping_savepoints_in_memory(std::move(connection))),
      translate_(translate),
      max_group_(max_group),
      thread_([this] {
        name_this_thread("tw-writer");
        loop();
      }) {}

GroupWriter::~GroupWriter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void GroupWriter::enqueue(std::unique_ptr<Job> job) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
}

std::size_t GroupWriter::groups() const {
  std::lock_guard lock(mu_);
  return groups_;
}

std::size_t GroupWriter::writes() const {
  std::lock_guard lock(mu_);
  return writes_;
}

void GroupWriter::loop() {
  std::vector<std::unique_ptr<Job>> group;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to write
      while (!queue_.empty() && group.size() < max_group_) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::optional<core::Error> failure;
    try {
      connection_->run("BEGIN IMMEDIATE");
      for (auto& job : group) job->run(*connection_);
      connection_->run("COMMIT");
    } catch (const SqliteError& e) {
      failure = translate_(e);
      try {
        connection_->run("ROLLBACK");
      } catch (const SqliteError&) {
        // SQLite may already have rolled the transaction back itself.
      }
    }
    {
      std::lock_guard lock(mu_);  // counted before anyone hears back
      ++groups_;
      writes_ += group.size();
    }
    for (auto& job : group) job->finish(failure ? &*failure : nullptr);
    group.clear();
  }
}

}  // namespace tw::store::sqlite
