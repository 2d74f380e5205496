#include "redis/redis_connection.h"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <atomic>
#include <charconv>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <optional>
#include <thread>

#include "async/threads.h"

namespace tw::redis {
namespace asio = boost::asio;

namespace {

core::Error down(std::string why) { return core::unavailable("redis_unavailable", "Redis: " + std::move(why)); }

RedisReply copy(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_INTEGER: out.kind = RedisReply::Kind::kInteger, out.integer = r->integer; break;
    case REDIS_REPLY_STRING: out.kind = RedisReply::Kind::kString, out.text.assign(r->str, r->len); break;
    case REDIS_REPLY_STATUS: out.kind = RedisReply::Kind::kStatus, out.text.assign(r->str, r->len); break;
    case REDIS_REPLY_ERROR: out.kind = RedisReply::Kind::kError, out.text.assign(r->str, r->len); break;
    case REDIS_REPLY_ARRAY:
      out.kind = RedisReply::Kind::kArray;
      for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(copy(r->element[i]));
      break;
    default: out.kind = RedisReply::Kind::kNil;
  }
  return out;
}

// A command waiting for its reply; completed once, from the Redis loop.
struct Pending {
  virtual ~Pending() = default;
  virtual void done(core::Result<RedisReply> r) = 0;
};

template <class Handler>
struct TypedPending final : Pending {
  explicit TypedPending(Handler h)
      : handler(std::move(h)), work(asio::make_work_guard(asio::get_associated_executor(handler))) {}
  void done(core::Result<RedisReply> r) override {
    auto ex = work.get_executor();
    asio::dispatch(ex, [h = std::move(handler), r = std::move(r)]() mutable { std::move(h)(std::move(r)); });
    work.reset();
  }
  Handler handler;
  asio::executor_work_guard<asio::associated_executor_t<Handler>> work;
};

}  // namespace

struct RedisConnection::Impl : std::enable_shared_from_this<Impl> {
  Impl(std::string h, int p, int d) : host(std::move(h)), port(p), db(d), retry(loop) {}

  std::string host;
  int port;
  int db;
  asio::io_context loop{1};
  std::thread thread;
  std::atomic<bool> up{false};
  // Below: touched only on the loop's thread.
  redisAsyncContext* ac = nullptr;
  std::unique_ptr<asio::posix::stream_descriptor> socket;
  bool want_read = false, want_write = false, reading = false, writing = false;
  bool stopping = false;
  asio::steady_timer retry;
  int backoff_ms = 50;
  // Subscriber mode (subscribe()): set once before the first connection is made.
  std::vector<std::string> channels;
  int confirmed = 0;  // subscriptions Redis confirmed on this connection
  std::function<void(std::string_view, std::string_view)> on_message;
  std::function<void(bool)> on_listening;

  void connect();
  void connected();
  void start_listening();
  void reconnect_later();
  void arm_read();
  void arm_write();
  static Impl* of(const redisAsyncContext* c) { return static_cast<Impl*>(c->data); }
};

void RedisConnection::Impl::arm_read() {
  if (reading || !want_read || !socket) return;
  reading = true;
  socket->async_wait(asio::posix::descriptor_base::wait_read, [self = shared_from_this()](boost::system::error_code ec) {
    self->reading = false;
    if (ec || !self->ac) return;
    redisAsyncHandleRead(self->ac);  // may end the connection (ac becomes null)
    self->arm_read();
  });
}

void RedisConnection::Impl::arm_write() {
  if (writing || !want_write || !socket) return;
  writing = true;
  socket->async_wait(asio::posix::descriptor_base::wait_write, [self = shared_from_this()](boost::system::error_code ec) {
    self->writing = false;
    if (ec || !self->ac) return;
    redisAsyncHandleWrite(self->ac);
    self->arm_write();
  });
}

void RedisConnection::Impl::reconnect_later() {
  up = false;
  if (on_listening && !stopping) on_listening(false);
  if (stopping) return;
  retry.expires_after(std::chrono::milliseconds(backoff_ms));
  backoff_ms = std::min(backoff_ms * 2, 2000);
  retry.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec) self->connect();
  });
}

void RedisConnection::Impl::connect() {
  ac = redisAsyncConnect(host.c_str(), port);
  if (!ac || ac->err) {
    if (ac) redisAsyncFree(ac);
    ac = nullptr;
    reconnect_later();
    return;
  }
  ac->data = this;
  socket = std::make_unique<asio::posix::stream_descriptor>(loop, ac->c.fd);
  want_read = want_write = false;
  ac->ev.data = this;
  ac->ev.addRead = [](void* p) { static_cast<Impl*>(p)->want_read = true, static_cast<Impl*>(p)->arm_read(); };
  ac->ev.delRead = [](void* p) { static_cast<Impl*>(p)->want_read = false; };
  ac->ev.addWrite = [](void* p) { static_cast<Impl*>(p)->want_write = true, static_cast<Impl*>(p)->arm_write(); };
  ac->ev.delWrite = [](void* p) { static_cast<Impl*>(p)->want_write = false; };
  ac->ev.cleanup = [](void* p) {
    auto* self = static_cast<Impl*>(p);
    if (self->socket) {
      boost::system::error_code ignored;
      self->socket->cancel(ignored);
      self->socket->release();  // hiredis closes the descriptor itself
      self->socket.reset();
    }
  };
  redisAsyncSetConnectCallback(ac, [](const redisAsyncContext* c, int status) {
    auto* self = of(c);
    if (status != REDIS_OK) {
      self->ac = nullptr;  // hiredis frees it after this callback
      self->reconnect_later();
      return;
    }
    self->backoff_ms = 50;
    self->connected();
  });
  redisAsyncSetDisconnectCallback(ac, [](const redisAsyncContext* c, int) {
    auto* self = of(c);
    self->ac = nullptr;
    self->reconnect_later();
  });
}

void RedisConnection::Impl::connected() {
  if (!channels.empty()) {
    start_listening();  // channels belong to the server, not to a database: no SELECT
    return;
  }
  if (db == 0) {
    up = true;
    return;
  }
  const std::string n = std::to_string(db);
  redisAsyncCommand(ac, [](redisAsyncContext* c, void* r, void*) {
    auto* reply = static_cast<redisReply*>(r);
    if (!reply || reply->type != REDIS_REPLY_STATUS) return;
    if (of(c)->channels.empty()) {
      of(c)->up = true;
    } else {
      of(c)->start_listening();  // subscribe() came while the database was being selected
    }
  }, nullptr, "SELECT %s", n.c_str());
}

// hiredis calls back for each subscription's confirmation and then for every message, each an
// array ["subscribe"|"message", channel, count|payload]; with no reply when the connection ends.
void RedisConnection::Impl::start_listening() {
  confirmed = 0;
  std::vector<const char*> argv{"SUBSCRIBE"};
  std::vector<std::size_t> lengths{9};
  for (const auto& ch : channels) argv.push_back(ch.data()), lengths.push_back(ch.size());
  redisAsyncCommandArgv(ac, [](redisAsyncContext* c, void* r, void*) {
    auto* self = of(c);
    auto* reply = static_cast<redisReply*>(r);
    if (!self || !reply || reply->type != REDIS_REPLY_ARRAY || reply->elements < 3) return;
    const auto text = [&](std::size_t i) {
      return std::string_view(reply->element[i]->str ? reply->element[i]->str : "", reply->element[i]->len);
    };
    if (text(0) == "subscribe") {
      if (++self->confirmed < static_cast<int>(self->channels.size())) return;
      self->up = true;
      self->on_listening(true);
    } else if (text(0) == "message" && reply->element[2]->type == REDIS_REPLY_STRING) {
      self->on_message(text(1), text(2));
    }
  }, nullptr, static_cast<int>(argv.size()), argv.data(), lengths.data());
}

RedisConnection::RedisConnection(std::string host, int port, int db)
    : impl_(std::make_shared<Impl>(std::move(host), port, db)) {
  asio::post(impl_->loop, [self = impl_] { self->connect(); });
  impl_->thread = std::thread([self = impl_] {
    name_this_thread("tw-redis");
    auto work = asio::make_work_guard(self->loop);
    self->loop.run();
  });
}

RedisConnection::~RedisConnection() {
  asio::post(impl_->loop, [self = impl_] {
    self->stopping = true;
    self->retry.cancel();
    if (self->ac) redisAsyncFree(self->ac);  // completes pending commands with no reply
    self->ac = nullptr;
    self->loop.stop();
  });
  impl_->thread.join();
  // Run the cancelled waits: their handlers own `impl_`, which owns the loop that holds them.
  impl_->loop.restart();
  impl_->loop.poll();
}

void RedisConnection::subscribe(std::vector<std::string> channels,
                                std::function<void(std::string_view, std::string_view)> message,
                                std::function<void(bool)> listening) {
  asio::post(impl_->loop, [self = impl_, channels = std::move(channels), message = std::move(message),
                           listening = std::move(listening)]() mutable {
    self->channels = std::move(channels);
    self->on_message = std::move(message);
    self->on_listening = std::move(listening);
    if (self->ac && self->up) self->start_listening();  // connected already; else connected() will
  });
}

bool RedisConnection::wait_connected(int ms) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (!impl_->up && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return impl_->up;
}

Task<core::Result<RedisReply>> RedisConnection::command(std::vector<std::string> args) {
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(core::Result<RedisReply>)>(
      [self = impl_](auto handler, std::vector<std::string> args) {
        auto* pending = new TypedPending<decltype(handler)>(std::move(handler));
        asio::post(self->loop, [self, args = std::move(args), pending] {
          if (!self->up || !self->ac) {
            pending->done(down("not connected"));
            delete pending;
            return;
          }
          std::vector<const char*> argv;
          std::vector<std::size_t> lengths;
          for (const auto& a : args) argv.push_back(a.data()), lengths.push_back(a.size());
          const int sent = redisAsyncCommandArgv(
              self->ac,
              [](redisAsyncContext*, void* r, void* p) {
                auto* pending = static_cast<Pending*>(p);
                auto* reply = static_cast<redisReply*>(r);
                if (!reply) {
                  pending->done(down("the connection was lost"));
                } else {
                  pending->done(copy(reply));
                }
                delete pending;
              },
              pending, static_cast<int>(argv.size()), argv.data(), lengths.data());
          if (sent != REDIS_OK) {
            pending->done(down("the command could not be sent"));
            delete pending;
          }
        });
      },
      asio::use_awaitable, std::move(args));
}

std::int64_t number_in(std::string_view text) {
  std::int64_t v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

std::int64_t number_in(const RedisReply& reply) {
  return reply.kind == RedisReply::Kind::kInteger ? reply.integer : number_in(reply.text);
}

}  // namespace tw::redis
