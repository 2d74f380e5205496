#pragma once
// One connection to Redis driven without blocking: hiredis's asynchronous API with its socket
// watched by Asio, on an event loop of its own (a thread that only waits on the socket), so no
// I/O thread of the server waits on Redis. Commands from any executor are written to the one
// connection as they come (pipelined) and their replies awaited. A lost connection is re-made
// in the background with back-off; meanwhile commands fail at once with kUnavailable
// "redis_unavailable" (they are never queued behind a dead socket).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "async/task.h"
#include "core/result.h"

namespace tw::redis {

// A reply, copied out of hiredis's: a status, error, integer, bulk string, nil or array.
struct RedisReply {
  enum class Kind { kNil, kInteger, kString, kStatus, kError, kArray } kind = Kind::kNil;
  std::int64_t integer = 0;
  std::string text;
  std::vector<RedisReply> elements;
};

// A reply's number: an integer reply, or a string of digits (what hashes and scores hold); a
// nil, a missing field or garbage reads as 0.
std::int64_t number_in(const RedisReply& reply);
std::int64_t number_in(std::string_view text);

class RedisConnection {
 public:
  // Starts connecting to host:port and selects `db`; does not wait.
  RedisConnection(std::string host, int port, int db);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Sends one command (its arguments, binary-safe) and awaits the reply; an error reply is a
  // reply of kind kError. kUnavailable when the connection is down or goes down before the reply.
  Task<core::Result<RedisReply>> command(std::vector<std::string> args);
  // Waits up to `ms` for the first connection (start-up); false when it did not come up.
  bool wait_connected(int ms);

  // Makes this a subscriber of `channels` (Redis pub/sub): from then on the connection only
  // listens, and command() is not to be used on it. Subscribes again after every reconnection.
  // `message` gets each message's channel and payload, in the order Redis published them (across
  // the channels too); `listening` says whether the subscriptions are in place (true once Redis
  // confirmed them all, false from the moment the connection is lost), so a listener knows when
  // it may have missed messages. Both run on the connection's own thread. Call once, right after
  // construction.
  void subscribe(std::vector<std::string> channels,
                 std::function<void(std::string_view channel, std::string_view payload)> message,
                 std::function<void(bool)> listening);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace tw::redis
