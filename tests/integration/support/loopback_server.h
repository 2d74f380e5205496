#pragma once
// What the tests' stand-ins for outside services (an SMTP server, a webhook receiver) share: a
// TCP listener on a loopback port whose thread hands each connection, one at a time, to a
// conversation; and an inbox of what they received that a test can wait on.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tw::testing {

class LoopbackServer {
 public:
  // Listens on `port`, or on any free one when 0 (a test may stop a stand-in and start another
  // on its port); `converse` gets each connection's socket, with a 5 s read timeout, and the
  // socket is closed after it. Declare it after what `converse` uses: it runs until destroyed.
  // `ipv6`: on ::1 rather than 127.0.0.1.
  LoopbackServer(std::uint16_t port, std::function<void(int fd)> converse, bool ipv6 = false);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  std::uint16_t port() const { return port_; }

 private:
  void serve();

  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::function<void(int)> converse_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// What a stand-in received, in order; thread-safe.
template <class T>
class Inbox {
 public:
  void add(T item) {
    std::lock_guard lock(mu_);
    items_.push_back(std::move(item));
  }
  std::vector<T> all() const {
    std::lock_guard lock(mu_);
    return items_;
  }
  // Waits up to `seconds` for at least `count` items; what there is then.
  std::vector<T> wait_for(std::size_t count, int seconds) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    for (;;) {
      auto now = all();
      if (now.size() >= count || std::chrono::steady_clock::now() > deadline) return now;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

 private:
  mutable std::mutex mu_;
  std::vector<T> items_;
};

}  // namespace tw::testing
