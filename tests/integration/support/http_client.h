#pragma once
// A small blocking HTTP/1.1 client for tests, plus a raw-socket helper for sending bytes the
// way a broken or hostile client would.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <boost/json/value.hpp>

namespace tw::testing {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  boost::json::value json() const;  // parses the body; throws on malformed JSON
  std::string header(const std::string& name) const;
};

HttpResult http_request(std::uint16_t port, const std::string& method, const std::string& target,
                        const std::string& body = "", const std::map<std::string, std::string>& headers = {});
// The same from another loopback address (127.0.0.2, 127.0.0.3, ...): a different client as the
// server sees it.
HttpResult http_request_from(const std::string& source, std::uint16_t port, const std::string& method,
                             const std::string& target, const std::string& body = "",
                             const std::map<std::string, std::string>& headers = {});
inline HttpResult http_get(std::uint16_t port, const std::string& target,
                           const std::map<std::string, std::string>& headers = {}) {
  return http_request(port, "GET", target, "", headers);
}

// Requests over one kept-alive connection (reopened when the server closed it): for tests that
// send many requests, so they do not leave thousands of sockets in TIME_WAIT.
class KeepAliveClient {
 public:
  explicit KeepAliveClient(std::uint16_t port);
  ~KeepAliveClient();
  // Throws when the server cannot be reached (as http_request does).
  HttpResult request(const std::string& method, const std::string& target, const std::string& body = "",
                     const std::map<std::string, std::string>& headers = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A plain TCP connection to 127.0.0.1:port.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port, const std::string& source = "127.0.0.1");
  ~RawConnection();
  // False when the peer has closed or reset the connection.
  bool send(const std::string& bytes);
  // Reads until the peer closes or `limit` passes; returns what arrived.
  std::string read_until_close(std::chrono::milliseconds limit);
  // Reads until `marker` appears, the peer closes, or `limit` passes.
  std::string read_until(const std::string& marker, std::chrono::milliseconds limit);
  // True when the peer has closed (a read returns end-of-file or reset) within `limit`.
  bool closed_within(std::chrono::milliseconds limit);

 private:
  int fd_ = -1;
};

}  // namespace tw::testing
