#pragma once
// A response body produced piece by piece (server-sent events). The server writes the headers
// with chunked transfer encoding, then each piece as next() yields it, until next() answers
// nothing, the client goes away or the server shuts down.
#include <atomic>
#include <optional>
#include <string>

#include "async/task.h"

namespace tw::http {

class BodyStream {
 public:
  virtual ~BodyStream() = default;
  // Waits for the next piece. `stop` turns true when the server shuts down or the client has
  // gone away; a stream should then answer std::nullopt within about 100 ms, so shutdown is not
  // held up and a closed stream's place is freed at once.
  virtual Task<std::optional<std::string>> next(const std::atomic<bool>& stop) = 0;
};

}  // namespace tw::http
