#pragma once
// A webhook receiver on a loopback port for tests: keeps every POST (headers, body) and answers
// 200, or 503 to the first `refuse_first` requests. One connection at a time.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "support/loopback_server.h"

namespace tw::testing {

struct ReceivedPost {
  std::string target;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

class WebhookReceiver {
 public:
  // On `port`, or any free one when 0; on ::1 with `ipv6`.
  explicit WebhookReceiver(std::uint16_t port = 0, int refuse_first = 0, bool ipv6 = false)
      : refuse_left_(refuse_first), server_(port, [this](int fd) { answer(fd); }, ipv6) {}
  std::uint16_t port() const { return server_.port(); }
  std::vector<ReceivedPost> posts() const { return inbox_.all(); }
  std::vector<ReceivedPost> wait_for(std::size_t count, int seconds) const { return inbox_.wait_for(count, seconds); }

 private:
  void answer(int fd);

  int refuse_left_ = 0;  // touched only on the server's thread
  Inbox<ReceivedPost> inbox_;
  LoopbackServer server_;  // last: its thread stops before the inbox goes
};

}  // namespace tw::testing
