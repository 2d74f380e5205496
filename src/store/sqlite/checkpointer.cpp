#include "store/sqlite/checkpointer.h"


#include "async/log.h"
#include "async/threads.h"

namespace tw::store::sqlite {

Checkpointer::Checkpointer(std::unique_ptr<Connection> own, int pages, int limit_pages)
    : own_(std::move(own)), pages_(pages), limit_pages_(limit_pages), thread_([this] {
        name_this_thread("tw-checkpoint");
        loop();
      }) {}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

int Checkpointer::runs() const {
  std::lock_guard lock(mu_);
  return runs_;
}

bool Checkpointer::committed(int wal_pages) {
  {
    std::lock_guard lock(mu_);
    if (wal_pages < log_pages_) checked_at_ = 0;  // the log started over
    log_pages_ = wal_pages;
    if (wal_pages - checked_at_ < pages_) return false;
    const bool writer_restarts = wal_pages >= limit_pages_;
    // A checkpoint under way here would make the writer's fail at once: ask again after it.
    if (writer_restarts && (due_ || running_)) return false;
    checked_at_ = wal_pages;
    if (writer_restarts) return true;
    if (due_) return false;
    due_ = true;
  }
  cv_.notify_one();
  return false;
}

void Checkpointer::loop() {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || due_; });
      if (stopping_) return;
      due_ = false;
      running_ = true;
    }
    try {
      own_->checkpoint();
    } catch (const SqliteError& e) {
      // The next commit past the threshold asks again; the log only grows meanwhile.
      // log_problem quotes the message: SQLite's text (a file name, say) stays valid JSON.
      log_problem("checkpoint failed", core::Error{core::ErrorKind::kUnavailable, "checkpoint_failed", e.what()});
    }
    std::lock_guard lock(mu_);
    running_ = false;
    ++runs_;
  }
}

}  // namespace tw::store::sqlite
