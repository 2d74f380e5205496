#pragma once
// A pool of threads for blocking work (SQLite, password hashing). `run` hands a function to the
// pool and resumes the awaiting coroutine on its own executor with the result, so an I/O thread
// never waits on disk or CPU-heavy work.
//
// Why not asio::thread_pool: its idle threads all wait on one condition variable, and glibc's
// condition variable makes a signaller wait while sleepers switch groups. Measured in a flash
// sale, the I/O threads spent most of their time blocked in pthread_cond_signal handing work to
// the pool. Here each idle thread waits on a condition variable of its own and a hand-off wakes
// exactly one.
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "async/task.h"

namespace tw::metrics {
class Histogram;
}

namespace tw {

class WorkerPool {
 public:
  enum class Priority { kNormal, kBackground };
  // Its threads are named `name`; kBackground runs them at the lowest CPU priority (async/threads.h).
  explicit WorkerPool(std::size_t threads, std::string name = "tw-worker", Priority priority = Priority::kNormal);
  ~WorkerPool() { join(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  std::size_t size() const { return size_; }

  // Runs `fn` on a pool thread; the result must be movable. `fn` must not throw (results are
  // values in this code base); if it does, the process terminates rather than losing a reply.
  template <class F>
  Task<std::invoke_result_t<F>> run(F fn) {
    using R = std::invoke_result_t<F>;
    return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(R)>(
        [this](auto handler, F f) {
          // The work guard keeps the caller's event loop alive while the pool computes.
          auto work = boost::asio::make_work_guard(boost::asio::get_associated_executor(handler));
          post([f = std::move(f), handler = std::move(handler), work = std::move(work)]() mutable noexcept {
            R result = f();
            auto ex = work.get_executor();
            boost::asio::dispatch(ex, [handler = std::move(handler), result = std::move(result)]() mutable {
              std::move(handler)(std::move(result));
            });
            work.reset();
          });
        },
        boost::asio::use_awaitable, std::move(fn));
  }

  // Finishes the work queued, then stops the threads. Idempotent.
  void join();

 private:
  using Job = boost::asio::any_completion_handler<void()>;
  struct Queued {
    Job job;
    std::chrono::steady_clock::time_point at;  // for the metrics' queue time
  };
  struct Sleeper {
    std::condition_variable cv;
    bool woken = false;  // guarded by the pool's mu_
  };

  void post(Job job);
  void work();

  std::size_t size_;
  std::mutex mu_;
  std::deque<Queued> jobs_;      // guarded by mu_
  metrics::Histogram* waits_;    // time from post to start (ticketwar_worker_queue_seconds{pool})
  std::vector<Sleeper*> idle_;   // guarded by mu_: threads waiting for a job
  bool stopping_ = false;        // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace tw
