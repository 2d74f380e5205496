#include "async/worker_pool.h"

#include "async/threads.h"
#include "metrics/registry.h"

namespace tw {

WorkerPool::WorkerPool(std::size_t threads, std::string name, Priority priority)
    : size_(threads),
      waits_(&metrics::registry().histogram("ticketwar_worker_queue_seconds",
                                            "Time work waited for a thread of a pool (tw-db: the database's "
                                            "connections), in seconds.",
                                            {{"pool", name}})) {
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this, name, priority] {
      name_this_thread(name);
      if (priority == Priority::kBackground) lower_this_threads_priority();
      work();
    });
  }
}

// Notified under the lock: a sleeper is only destroyed after taking the lock, so it is alive
// while notified (a worker may stop the moment it finds nothing to do).
void WorkerPool::post(Job job) {
  std::lock_guard lock(mu_);
  jobs_.push_back({std::move(job), std::chrono::steady_clock::now()});
  if (idle_.empty()) return;
  Sleeper* wake = idle_.back();
  idle_.pop_back();
  wake->woken = true;
  wake->cv.notify_one();
}

void WorkerPool::work() {
  Sleeper me;
  std::unique_lock lock(mu_);
  for (;;) {
    while (jobs_.empty() && !stopping_) {
      me.woken = false;
      idle_.push_back(&me);
      me.cv.wait(lock, [&] { return me.woken || stopping_; });
      if (!me.woken) std::erase(idle_, &me);  // stopping: no longer a sleeper to wake
    }
    if (jobs_.empty()) return;  // stopping, and nothing left to do
    Job job = std::move(jobs_.front().job);
    const auto queued_at = jobs_.front().at;
    jobs_.pop_front();
    lock.unlock();
    waits_->observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - queued_at).count());
    std::move(job)();
    lock.lock();
  }
}

void WorkerPool::join() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    for (auto* s : idle_) s->cv.notify_one();
  }
  for (auto& t : threads_) t.join();
}

}  // namespace tw
