#include "support/smtp_sink.h"

#include <sys/socket.h>

#include <cctype>

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
      inbox_.add(mail);
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

}  // namespace tw::testing
