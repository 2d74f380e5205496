#include "support/smtp_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace tw::testing {
namespace {

bool send_line(int fd, const std::string& line) {
  const auto text = line + "\r\n";
  return ::send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
}

// Reads one CRLF-ended line (without it) from `fd`, buffering in `pending`; false at the end.
bool read_line(int fd, std::string& pending, std::string& line) {
  for (;;) {
    if (const auto end = pending.find("\r\n"); end != std::string::npos) {
      line = pending.substr(0, end);
      pending.erase(0, end + 2);
      return true;
    }
    char buf[4096];
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    pending.append(buf, static_cast<std::size_t>(n));
  }
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// "<a@b>" from "MAIL FROM:<a@b> SIZE=…".
std::string path_of(const std::string& line) {
  const auto open = line.find('<'), close = line.find('>');
  return open == std::string::npos || close == std::string::npos ? "" : line.substr(open + 1, close - open - 1);
}

}  // namespace

SmtpSink::SmtpSink(std::uint16_t port) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  const int yes = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 8) != 0 || ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("SmtpSink: cannot listen on loopback");
  }
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

SmtpSink::~SmtpSink() {
  stopping_ = true;
  thread_.join();
  ::close(listener_);
}

void SmtpSink::serve() {
  while (!stopping_) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const int fd = ::accept(listener_, nullptr, nullptr);
    if (fd < 0) continue;
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    converse(fd);
    ::close(fd);
  }
}

void SmtpSink::converse(int fd) {
  std::string pending, line;
  ReceivedMail mail;
  if (!send_line(fd, "220 sink.test ESMTP")) return;
  while (read_line(fd, pending, line)) {
    const auto verb = upper(line.substr(0, 4));
    if (verb == "EHLO" || verb == "HELO") {
      send_line(fd, "250 sink.test");
    } else if (verb == "MAIL") {
      mail = ReceivedMail{path_of(line)};
      send_line(fd, "250 OK");
    } else if (verb == "RCPT") {
      mail.to.push_back(path_of(line));
      send_line(fd, "250 OK");
    } else if (verb == "DATA") {
      send_line(fd, "354 End data with <CR><LF>.<CR><LF>");
      while (read_line(fd, pending, line) && line != ".") {
        mail.data += (line.starts_with("..") ? line.substr(1) : line) + "\r\n";
      }
      {
        std::lock_guard lock(mu_);
        messages_.push_back(mail);
      }
      send_line(fd, "250 OK: queued");
    } else if (verb == "QUIT") {
      send_line(fd, "221 Bye");
      return;
    } else if (verb == "RSET" || verb == "NOOP") {
      send_line(fd, "250 OK");
    } else {
      send_line(fd, "502 Command not implemented");
    }
  }
}

std::vector<ReceivedMail> SmtpSink::messages() const {
  std::lock_guard lock(mu_);
  return messages_;
}

std::vector<ReceivedMail> SmtpSink::wait_for(std::size_t count, int seconds) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  for (;;) {
    auto now = messages();
    if (now.size() >= count || std::chrono::steady_clock::now() > deadline) return now;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace tw::testing
