#include "support/webhook_receiver.h"

#include <sys/socket.h>

#include <cctype>

namespace tw::testing {

void WebhookReceiver::answer(int fd) {
  std::string in;
  char buf[8192];
  std::size_t head_end = std::string::npos;
  while ((head_end = in.find("\r\n\r\n")) == std::string::npos) {
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return;
    in.append(buf, static_cast<std::size_t>(n));
  }
  ReceivedPost post;
  std::size_t length = 0;
  std::size_t at = in.find("\r\n");
  const auto request_line = in.substr(0, at);
  post.target = request_line.substr(request_line.find(' ') + 1);
  post.target = post.target.substr(0, post.target.find(' '));
  while (at < head_end) {
    const auto next = in.find("\r\n", at + 2);
    const auto line = in.substr(at + 2, next - at - 2);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      if (name == "content-length") length = std::stoul(value);
      post.headers[name] = value;
    }
    at = next;
  }
  post.body = in.substr(head_end + 4);
  while (post.body.size() < length) {
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return;
    post.body.append(buf, static_cast<std::size_t>(n));
  }
  int status = 200;
  if (refuse_left_ > 0) {
    --refuse_left_;
    status = 503;
  }
  inbox_.add(std::move(post));
  const auto reply = "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Service Unavailable") +
                     "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
}

}  // namespace tw::testing
