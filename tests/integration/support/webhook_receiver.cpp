#include "support/webhook_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace tw::testing {

WebhookReceiver::WebhookReceiver(std::uint16_t port, int refuse_first) : refuse_left_(refuse_first) {
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
    throw std::runtime_error("WebhookReceiver: cannot listen on loopback");
  }
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

WebhookReceiver::~WebhookReceiver() {
  stopping_ = true;
  thread_.join();
  ::close(listener_);
}

void WebhookReceiver::serve() {
  while (!stopping_) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const int fd = ::accept(listener_, nullptr, nullptr);
    if (fd < 0) continue;
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    answer(fd);
    ::close(fd);
  }
}

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
  {
    std::lock_guard lock(mu_);
    if (refuse_left_ > 0) {
      --refuse_left_;
      status = 503;
    }
    posts_.push_back(std::move(post));
  }
  const auto reply = "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Service Unavailable") +
                     "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
}

std::vector<ReceivedPost> WebhookReceiver::posts() const {
  std::lock_guard lock(mu_);
  return posts_;
}

std::vector<ReceivedPost> WebhookReceiver::wait_for(std::size_t count, int seconds) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  for (;;) {
    auto now = posts();
    if (now.size() >= count || std::chrono::steady_clock::now() > deadline) return now;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace tw::testing
