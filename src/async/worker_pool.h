#pragma once
// A pool of threads for blocking work (SQLite, password hashing). `run` hands a function to the
// pool and resumes the awaiting coroutine on its own executor with the result, so an I/O thread
// never waits on disk or CPU-heavy work.
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <type_traits>

#include "async/task.h"

namespace tw {

class WorkerPool {
 public:
  explicit WorkerPool(std::size_t threads) : pool_(threads), size_(threads) {}
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
          boost::asio::post(pool_, [f = std::move(f), handler = std::move(handler),
                                    work = std::move(work)]() mutable noexcept {
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

  void join() { pool_.join(); }

 private:
  boost::asio::thread_pool pool_;
  std::size_t size_;
};

}  // namespace tw
