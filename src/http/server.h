#pragma once
// The HTTP/1.1 server: Boost.Beast sessions as C++20 coroutines on an io_context run by
// `threads` threads. It knows no business: it reads a bounded request, hands it to the handler
// and writes the answer, with keep-alive, limits and graceful shutdown.
//
// Limits: header bytes (431), body bytes (413), time to read one request (slow clients are cut
// off), time a client may take to read each 64 KiB of an answer (a client that stops reading is
// cut off and its memory freed), open connections (503 beyond) in all and per client address,
// requests per second per client address (429 with Retry-After), and open streams in all and
// per client address (503). A streamed answer watches its socket, so a client that goes away is
// noticed within about 100 ms, not at the next write. Only a final `chunked`
// transfer coding is accepted (anything else: 400 or 501, then the connection closes, so a body
// is never read as a second request). Behind a trusted proxy the client address comes from
// X-Forwarded-For (client_limits.h). Shutdown (SIGINT/SIGTERM or stop()): stop accepting,
// close idle connections, let in-flight requests finish, then return from run(); connections
// still busy after `shutdown_grace` are dropped.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/access_log.h"
#include "http/address_range.h"
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
  std::chrono::milliseconds write_timeout{10'000};  // per 64 KiB of an answer
  int max_connections = 10'000;
  int max_connections_per_address = 1'000;  // 0: no per-address limit
  // Answers that stay open (server-sent events) beyond these get 503 "too_many_streams". The
  // total is held to at most three quarters of max_connections, so streams never take the room
  // ordinary requests need. Per address as the request names it (trusted proxies honoured).
  int max_streams = 5'000;
  int max_streams_per_address = 50;  // 0: no per-address limit
  double requests_per_second = 200;          // per client address, sustained; 0: no limit
  double request_burst = 2'000;              // per client address
  std::vector<AddressRange> trusted_proxies;  // peers whose X-Forwarded-For is believed
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
