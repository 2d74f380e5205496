#pragma once
// A minimal SMTP server on a free loopback port that keeps every message it is given, for tests
// of mail delivery: it speaks enough of RFC 5321 for libcurl (EHLO/HELO, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT), one client at a time.
#include <cstdint>
#include <string>
#include <vector>

#include "support/loopback_server.h"

namespace tw::testing {

struct ReceivedMail {
  std::string from;
  std::vector<std::string> to;
  std::string data;  // the message as sent, dot-unstuffed, without the final "."
};

class SmtpSink {
 public:
  // On `port`, or on any free one when 0 (a test may stop a sink and start one on its port).
  explicit SmtpSink(std::uint16_t port = 0) : server_(port, [this](int fd) { converse(fd); }) {}
  std::uint16_t port() const { return server_.port(); }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port()); }
  std::vector<ReceivedMail> messages() const { return inbox_.all(); }
  // Waits up to `seconds` for at least `count` messages.
  std::vector<ReceivedMail> wait_for(std::size_t count, int seconds) const { return inbox_.wait_for(count, seconds); }

 private:
  void converse(int fd);

  Inbox<ReceivedMail> inbox_;
  LoopbackServer server_;  // last: its thread stops before the inbox goes
};

}  // namespace tw::testing
