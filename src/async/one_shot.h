#pragma once
// OneShot: a signal set once and awaited by coroutines on any event loop. Each waiter resumes on
// its own executor after set() (posted, never run on the setter's thread; at once when it was set
// already). Thread-safe.
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <mutex>
#include <vector>

#include "async/task.h"

namespace tw {

class OneShot {
 public:
  Task<void> wait() {
    return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void()>(
        [this](auto handler) {
          // A callable that hands the waiter back to its own executor.
          auto resume = [ex = boost::asio::get_associated_executor(handler), h = std::move(handler)]() mutable {
            boost::asio::post(ex, std::move(h));
          };
          std::unique_lock lock(mu_);
          if (!set_) {
            waiters_.emplace_back(std::move(resume));
            return;
          }
          lock.unlock();
          resume();
        },
        boost::asio::use_awaitable);
  }

  void set() {
    std::vector<boost::asio::any_completion_handler<void()>> waiting;
    {
      std::lock_guard lock(mu_);
      set_ = true;
      waiting.swap(waiters_);
    }
    for (auto& resume : waiting) std::move(resume)();
  }

 private:
  std::mutex mu_;
  bool set_ = false;                                                  // guarded by mu_
  std::vector<boost::asio::any_completion_handler<void()>> waiters_;  // guarded by mu_
};

}  // namespace tw
