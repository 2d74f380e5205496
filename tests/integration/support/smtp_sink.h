#pragma once
// A minimal SMTP server on a free loopback port that keeps every message it is given, for tests
// of mail delivery: it speaks enough of RFC 5321 for libcurl (EHLO/HELO, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT), one client at a time, on a thread of its own.
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tw::testing {

struct ReceivedMail {
  std::string from;
  std::vector<std::string> to;
  std::string data;  // the message as sent, dot-unstuffed, without the final "."
};

class SmtpSink {
 public:
  // On `port`, or on any free one when 0 (a test may stop a sink and start one on its port).
  explicit SmtpSink(std::uint16_t port = 0);
  ~SmtpSink();
  std::uint16_t port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  std::vector<ReceivedMail> messages() const;
  // Waits up to `seconds` for at least `count` messages.
  std::vector<ReceivedMail> wait_for(std::size_t count, int seconds) const;

 private:
  void serve();
  void converse(int fd);

  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  std::vector<ReceivedMail> messages_;  // guarded by mu_
  std::thread thread_;
};

}  // namespace tw::testing
