#pragma once
// The HTTP/1.1 server: Boost.Beast sessions as C++20 coroutines on an io_context run by
// `threads` threads. It knows no business: it reads a bounded request, hands it to the handler
// and writes the answer, with keep-alive, limits and graceful shutdown.
//
// Limits: header bytes (431), body bytes (413), time to read one request (slow clients are cut
// off), open connections (503 beyond). Shutdown (SIGINT/SIGTERM or stop()): stop accepting,
// close idle connections, let in-flight requests finish, then return from run(); connections
// still busy after `shutdown_grace` are dropped.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "http/access_log.h"
#include "http/router.h"

namespace boost::asio {
class io_context;
}

namespace tw::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port (see Server::port)
  int threads = 2;
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  std::chrono::milliseconds request_timeout{10'000};
  int max_connections = 10'000;
  std::chrono::milliseconds shutdown_grace{4'000};
};

class Server {
 public:
  Server(ServerOptions options, Handler handler, AccessLog& log);
  ~Server();

  // Binds and listens. kUnavailable when the address cannot be bound.
  core::Status listen();
  // The bound port (after listen).
  std::uint16_t port() const;
  // Serves until shutdown completes; installs SIGINT/SIGTERM handlers.
  void run();
  // Starts a graceful shutdown from any thread.
  void stop();
  // The event loop, for components that need timers (hold expiry, live updates).
  boost::asio::io_context& context();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tw::http
