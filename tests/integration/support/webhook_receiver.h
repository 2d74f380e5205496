#pragma once
// A webhook receiver on a loopback port for tests: keeps every POST (headers, body) and answers
// 200, or 503 to the first `refuse_first` requests. One connection at a time, on a thread.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tw::testing {

struct ReceivedPost {
  std::string target;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

class WebhookReceiver {
 public:
  // On `port`, or any free one when 0.
  explicit WebhookReceiver(std::uint16_t port = 0, int refuse_first = 0);
  ~WebhookReceiver();
  std::uint16_t port() const { return port_; }
  std::vector<ReceivedPost> posts() const;
  std::vector<ReceivedPost> wait_for(std::size_t count, int seconds) const;

 private:
  void serve();
  void answer(int fd);

  int listener_ = -1;
  std::uint16_t port_ = 0;
  int refuse_left_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  std::vector<ReceivedPost> posts_;  // guarded by mu_
  std::thread thread_;
};

}  // namespace tw::testing
