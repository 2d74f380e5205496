// The only translation unit that instantiates Beast's coroutine reads and writes: it is the
// slowest file to compile, so everything else stays out of it.
#include "http/server.h"

#include <array>

#include <atomic>
#include <cctype>
#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <ctime>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "async/log.h"
#include "async/threads.h"
#include "http/beast_request.h"
#include "http/body_stream.h"
#include "core/token_buckets.h"
#include "http/client_limits.h"
#include "http/request_metrics.h"
#include "http/request_parsing.h"
#include "http/request_id.h"
#include "http/response_writer.h"
#include "http/url.h"

namespace tw::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::use_awaitable;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);
using Clock = std::chrono::steady_clock;

namespace {

// One accepted socket. `busy` is true while a request is being handled or answered; it is only
// touched on the connection's own event loop, so shutdown can tell idle connections from busy ones.
struct Connection {
  explicit Connection(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  bool busy = false;
  std::string remote;         // the socket's peer
  bool counted_per_address = false;
  // Set when a streamed answer must end: the server shuts down or the client has gone away.
  std::atomic<bool> stream_over{false};
};

template <class Socket>
std::string peer_of(const Socket& socket) {
  beast::error_code ec;
  const auto ep = socket.remote_endpoint(ec);
  return ec ? "-" : ep.address().to_string();
}

bool trusted(const std::string& address, const std::vector<AddressRange>& proxies) {
  return std::any_of(proxies.begin(), proxies.end(), [&](const AddressRange& r) { return r.contains(address); });
}

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

// RFC 7231 date, formatted once per second per thread.
const std::string& http_date() {
  thread_local std::time_t cached_at = 0;
  thread_local std::string cached;
  const std::time_t now = std::time(nullptr);
  if (now != cached_at) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached = buf;
    cached_at = now;
  }
  return cached;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, Handler h, AccessLog& l)
      : options(std::move(o)), handler(std::move(h)), log(l), contexts(make_contexts(options.threads)),
        per_address(options.max_connections_per_address),
        streams_per_address(options.max_streams_per_address),
        max_streams(std::min(options.max_streams, options.max_connections * 3 / 4)),
        rate(options.requests_per_second, options.request_burst),
        ioc(*contexts.front()),
        acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM),
        flush_timer(ioc) {}

  // One single-threaded event loop per I/O thread: a connection lives on one loop for its whole
  // life, so its coroutine needs no strand and the loops share no locks on the hot path.
  static std::vector<std::unique_ptr<asio::io_context>> make_contexts(int n) {
    std::vector<std::unique_ptr<asio::io_context>> v;
    for (int i = 0; i < std::max(1, n); ++i) v.push_back(std::make_unique<asio::io_context>(1));
    return v;
  }
  asio::io_context& next_context() { return *contexts[next_context_index++ % contexts.size()]; }

  ServerOptions options;
  Handler handler;
  AccessLog& log;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  ConnectionsPerAddress per_address;
  ConnectionsPerAddress streams_per_address;
  int max_streams;  // never more than three quarters of the connections
  std::atomic<int> open_streams{0};
  core::TokenBuckets rate;  // requests per client address
  asio::io_context& ioc;  // the first loop: acceptor, signals, timers
  std::size_t next_context_index = 0;  // only touched by the accept loop
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer flush_timer;
  std::atomic<int> open_connections{0};
  std::atomic<bool> stopping{false};
  std::mutex mu;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections;  // guarded by mu

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> refuse(tcp::socket socket, std::string code, std::string message);
  asio::awaitable<bool> write_all(Connection& c, std::string_view bytes, std::string_view more = {});
  asio::awaitable<bool> write_response(Connection& c, const Response& res, const WireOptions& wire);
  asio::awaitable<void> session(std::shared_ptr<Connection> c);
  asio::awaitable<bool> read_request(Connection& c, beast::flat_buffer& buffer,
                                     bhttp::request_parser<bhttp::string_body>& parser);
  asio::awaitable<void> answer_error(Connection& c, int status, std::string_view code, std::string_view message);
  asio::awaitable<Response> call_handler(Request& req);
  // A place for one more stream from `address`, released when the returned value is destroyed;
  // nullptr when the server or that address has as many as it allows.
  std::shared_ptr<void> take_stream_place(const std::string& address);
  asio::awaitable<bool> write_stream(std::shared_ptr<Connection> c, BodyStream& stream);
  asio::awaitable<void> flush_loop();
  asio::awaitable<void> drain_then_stop();
  void begin_shutdown();
};

Server::Server(ServerOptions options, Handler handler, AccessLog& log)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), log)) {}
Server::~Server() = default;

asio::io_context& Server::context() { return impl_->ioc; }
std::uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

core::Status Server::listen() {
  auto& a = impl_->acceptor;
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) return core::invalid("bad_host", "'" + impl_->options.host + "' is not an IP address");
  const tcp::endpoint ep(address, impl_->options.port);
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::unavailable("cannot_listen", "cannot listen on " + impl_->options.host + ":" +
                                                  std::to_string(impl_->options.port) + ": " + ec.message());
  }
  return core::Ok{};
}

void Server::run() {
  auto& s = *impl_;
  s.signals.async_wait([&s](beast::error_code ec, int) {
    if (!ec) s.begin_shutdown();
  });
  asio::co_spawn(s.ioc, s.accept_loop(), asio::detached);
  asio::co_spawn(s.ioc, s.flush_loop(), asio::detached);
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < s.contexts.size(); ++i) {
    threads.emplace_back([ctx = s.contexts[i].get()] {
      name_this_thread("tw-http");
      auto idle = asio::make_work_guard(*ctx);  // kept until stop(): connections come and go
      ctx->run();
    });
  }
  s.ioc.run();
  for (auto& t : threads) t.join();
  s.log.flush();
}

void Server::stop() {
  asio::post(impl_->ioc, [s = impl_.get()] { s->begin_shutdown(); });
}

void Server::Impl::begin_shutdown() {
  if (stopping.exchange(true)) return;
  signals.cancel();
  asio::post(ioc, [this] {
    beast::error_code ec;
    acceptor.close(ec);
  });
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mu);
    for (auto& [raw, weak] : connections) {
      if (auto c = weak.lock()) live.push_back(std::move(c));
    }
  }
  // Idle connections are closed now; busy ones close themselves after their answer.
  for (auto& c : live) {
    c->stream_over = true;
    asio::post(c->stream.get_executor(), [c] {
      if (!c->busy) c->stream.cancel();
    });
  }
  asio::co_spawn(ioc, drain_then_stop(), asio::detached);
}

asio::awaitable<void> Server::Impl::drain_then_stop() {
  asio::steady_timer timer(ioc);
  const auto deadline = Clock::now() + options.shutdown_grace;
  while (open_connections.load() > 0 && Clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(tuple_awaitable);
  }
  flush_timer.cancel();
  for (auto& ctx : contexts) ctx->stop();
}

asio::awaitable<void> Server::Impl::flush_loop() {
  while (!stopping.load()) {
    flush_timer.expires_after(std::chrono::seconds(1));
    co_await flush_timer.async_wait(tuple_awaitable);
    log.flush();
  }
}

asio::awaitable<void> Server::Impl::accept_loop() {
  asio::steady_timer backoff(ioc);
  while (!stopping.load()) {
    auto [ec, socket] = co_await acceptor.async_accept(next_context(), tuple_awaitable);
    if (ec) {
      if (stopping.load() || ec == asio::error::operation_aborted) break;
      // Out of file descriptors or similar: pause rather than spin.
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(tuple_awaitable);
      continue;
    }
    if (open_connections.load() >= options.max_connections) {
      auto ex = socket.get_executor();
      asio::co_spawn(ex, refuse(std::move(socket), "server_busy", "Too many open connections; try again shortly"),
                     asio::detached);
      continue;
    }
    // A trusted proxy carries many clients on its connections; everyone else counts per address.
    std::string peer = peer_of(socket);
    const bool counted = !trusted(peer, options.trusted_proxies);
    if (counted && !per_address.try_add(peer)) {
      auto ex = socket.get_executor();
      asio::co_spawn(ex, refuse(std::move(socket), "too_many_connections",
                                "Too many open connections from your address; close some and try again"),
                     asio::detached);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto conn = std::make_shared<Connection>(std::move(socket));
    conn->remote = std::move(peer);
    conn->counted_per_address = counted;
    auto ex = conn->stream.get_executor();
    asio::co_spawn(ex, session(std::move(conn)), asio::detached);
  }
}

asio::awaitable<void> Server::Impl::refuse(tcp::socket socket, std::string code, std::string message) {
  Connection c(std::move(socket));
  c.remote = peer_of(c.stream.socket());
  co_await answer_error(c, 503, code, message);
}

asio::awaitable<void> Server::Impl::answer_error(Connection& c, int status, std::string_view code,
                                                 std::string_view message) {
  const std::string request_id = next_request_id();
  auto answer = Response::error(status, code, message);
  if (status == 503) answer.with_header("Retry-After", "1");
  const std::string bytes = serialize_response(answer, {false, false, request_id, http_date()});
  c.stream.expires_after(std::chrono::seconds(2));
  co_await asio::async_write(c.stream, asio::buffer(bytes), tuple_awaitable);
  log.record({"-", "-", status, 0, request_id, c.remote});
  // Stop sending, then read and discard what the client still sends for a moment, so our answer
  // is not lost to a reset while an oversized body is in flight.
  beast::error_code ec;
  c.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  char sink[16 * 1024];
  while (true) {
    auto [rec, n] = co_await c.stream.async_read_some(asio::buffer(sink), tuple_awaitable);
    if (rec) break;
  }
}

// Reads one request within the time limit; false when the connection should close (after any
// error answer has been sent).
asio::awaitable<bool> Server::Impl::read_request(Connection& c, beast::flat_buffer& buffer,
                                                 bhttp::request_parser<bhttp::string_body>& parser) {
  parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
  parser.body_limit(options.max_body_bytes);
  c.stream.expires_after(options.request_timeout);
  auto [ec, n] = co_await bhttp::async_read_header(c.stream, buffer, parser, tuple_awaitable);
  if (!ec) {
    const auto& h = parser.get();
    if (const int refusal = transfer_coding_refusal(h[bhttp::field::transfer_encoding],
                                                    h.find(bhttp::field::content_length) != h.end())) {
      c.busy = true;
      co_await answer_error(c, refusal, refusal == 501 ? "unsupported_transfer_coding" : "bad_request",
                            refusal == 501 ? "Only the chunked transfer coding is supported"
                                           : "Transfer-Encoding must end in chunked, without Content-Length");
      co_return false;
    }
  }
  if (!ec && !parser.is_done()) {
    c.busy = true;
    const auto& h = parser.get();
    if (beast::iequals(h[bhttp::field::expect], "100-continue")) {
      bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
      std::tie(ec, n) = co_await bhttp::async_write(c.stream, cont, tuple_awaitable);
    }
    if (!ec) std::tie(ec, n) = co_await bhttp::async_read(c.stream, buffer, parser, tuple_awaitable);
  }
  if (!ec) co_return true;
  c.busy = true;
  if (ec == bhttp::error::body_limit) {
    co_await answer_error(c, 413, "payload_too_large",
                          "Request body exceeds " + std::to_string(options.max_body_bytes) + " bytes");
  } else if (ec == bhttp::error::header_limit) {
    co_await answer_error(c, 431, "headers_too_large", "Request headers are too large");
  } else if (&ec.category() == &bhttp::make_error_code(bhttp::error::bad_target).category() &&
             ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
    co_await answer_error(c, 400, "bad_request", "Malformed HTTP request: " + ec.message());
  }
  // Timeouts, resets and clean closes need no answer: the peer is gone or too slow.
  co_return false;
}

asio::awaitable<Response> Server::Impl::call_handler(Request& req) {
  auto target = parse_target(req.target);
  if (!target) co_return Response::error(400, "bad_request", "Malformed request target");
  req.path = std::move(target->path);
  req.query = std::move(target->query);
  try {
    co_return co_await handler(req);
  } catch (const std::exception& e) {
    // The last line of defence: a handler bug answers 500, the server keeps serving.
    log_line(LogLevel::kError, "handler failed", {{"requestId", req.request_id}, {"error", e.what()}});
  }
  co_return Response::error(500, "internal", "Something went wrong; the request id identifies it in the log");
}

namespace {

// Requests that reached no route (refused before routing) are counted under "(none)".
void count_answer(const Request& req, int status, Clock::duration took) {
  static const auto unrouted = route_metrics("-", "(none)");
  auto* answers = req.answers ? req.answers : unrouted.answers;
  auto* latency = req.latency ? req.latency : unrouted.latency;
  answers->add(status);
  latency->observe(std::chrono::duration<double>(took).count());
}

}  // namespace

std::shared_ptr<void> Server::Impl::take_stream_place(const std::string& address) {
  if (open_streams.fetch_add(1) >= max_streams) {
    open_streams.fetch_sub(1);
    return nullptr;
  }
  if (!streams_per_address.try_add(address)) {
    open_streams.fetch_sub(1);
    return nullptr;
  }
  open_streams_gauge().add(1);
  // Points at the server (never deleted through it): a null pointer would read as "no place".
  return std::shared_ptr<void>(static_cast<void*>(this), [this, address](void*) {
    streams_per_address.remove(address);
    open_streams.fetch_sub(1);
    open_streams_gauge().add(-1);
  });
}

namespace {

// Reads (and drops) whatever the client sends while its stream is open, to hear it leave: a
// closed socket is otherwise only noticed by the next write, up to a keep-alive period later,
// and until then it holds a connection and a stream place. The raw socket, not the timed
// stream: the writes' deadlines must not cut this read short.
asio::awaitable<void> watch_peer(std::shared_ptr<Connection> c) {
  char sink[512];
  for (;;) {
    auto [ec, n] = co_await c->stream.socket().async_read_some(asio::buffer(sink), tuple_awaitable);
    if (ec) break;
  }
  c->stream_over = true;
}

}  // namespace

// Writes a streamed body chunk by chunk; false when the connection can no longer be used.
asio::awaitable<bool> Server::Impl::write_stream(std::shared_ptr<Connection> c, BodyStream& stream) {
  asio::co_spawn(c->stream.get_executor(), watch_peer(c), asio::detached);
  bool ok = true;
  while (ok) {
    auto piece = co_await stream.next(c->stream_over);
    const bool last = !piece || piece->empty();
    const std::string bytes = last ? chunk({}) : chunk(*piece);
    ok = co_await write_all(*c, bytes) && !last;
    if (last) break;
  }
  beast::error_code ec;
  c->stream.socket().cancel(ec);  // ends watch_peer's read
  co_return ok;
}

// Writes `bytes` then `more` in slices of 64 KiB, each within write_timeout: a client that stops
// reading is cut off after that long without progress, whatever the answer's size. The two go
// out together (one gather write), so a head and its shared body leave in one send, not two.
asio::awaitable<bool> Server::Impl::write_all(Connection& c, std::string_view bytes, std::string_view more) {
  constexpr std::size_t kSlice = 64 * 1024;
  while (!bytes.empty() || !more.empty()) {
    const auto first = std::min(kSlice, bytes.size());
    const auto second = std::min(kSlice - first, more.size());
    const std::array<asio::const_buffer, 2> slice{asio::buffer(bytes.data(), first), asio::buffer(more.data(), second)};
    c.stream.expires_after(options.write_timeout);
    auto [ec, written] = co_await asio::async_write(c.stream, slice, tuple_awaitable);
    if (ec) co_return false;
    bytes.remove_prefix(first);
    more.remove_prefix(second);
  }
  co_return true;
}

asio::awaitable<bool> Server::Impl::write_response(Connection& c, const Response& res, const WireOptions& wire) {
  const std::string head = serialize_response(res, wire);
  std::string_view body;  // a named local: GCC 12 mishandles a conditional temporary inside co_await
  if (res.shared_body && sends_body(res, wire)) body = *res.shared_body;
  const bool written = co_await write_all(c, head, body);
  co_return written;
}

asio::awaitable<void> Server::Impl::session(std::shared_ptr<Connection> c) {
  open_connections.fetch_add(1);
  open_connections_gauge().add(1);
  {
    std::lock_guard lock(mu);
    connections.emplace(c.get(), c);
  }
  beast::flat_buffer buffer;
  while (!stopping.load()) {
    c->busy = false;
    bhttp::request_parser<bhttp::string_body> parser;
    if (!co_await read_request(*c, buffer, parser)) break;
    c->busy = true;
    const auto started = Clock::now();
    Request req = to_request(parser.release(), c->remote, options.trusted_proxies);
    Response res;
    if (const auto wait = rate.take(req.remote_address, steady_ms()); wait > 0) {
      res = Response::error(429, "too_many_requests", "Too many requests from your address; slow down");
      res.with_header("Retry-After", std::to_string((wait + 999) / 1000));
    } else {
      res = co_await call_handler(req);
    }
    const bool head = req.method == "HEAD";
    std::shared_ptr<void> stream_place;
    if (res.stream && !head && !(stream_place = take_stream_place(req.remote_address))) {
      res = Response::error(503, "too_many_streams",
                            "Too many live updates are open, from your address or in all; close some tabs or try "
                            "again shortly");
      res.with_header("Retry-After", "5");
    }
    const bool streamed = res.stream && !head;
    // A stream ends only when the server stops or the client leaves: the connection ends with it.
    const bool keep_alive = req.keep_alive && !stopping.load() && !streamed;
    beast::error_code ec;
    if (!co_await write_response(*c, res, {keep_alive, head, req.request_id, http_date(), streamed})) {
      ec = asio::error::connection_aborted;
    }
    count_answer(req, res.status, Clock::now() - started);
    if (!ec && streamed && !co_await write_stream(c, *res.stream)) ec = asio::error::connection_aborted;
    stream_place.reset();
    const int status = res.status;
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
    log.record({req.method, req.path.empty() ? req.target : req.path, status, micros, req.request_id, c->remote});
    if (ec || !keep_alive) break;
  }
  beast::error_code ec;
  c->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  {
    std::lock_guard lock(mu);
    connections.erase(c.get());
  }
  if (c->counted_per_address) per_address.remove(c->remote);
  open_connections.fetch_sub(1);
  open_connections_gauge().add(-1);
}

}  // namespace tw::http
