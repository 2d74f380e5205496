#pragma once
// One JSON line per request: {"time":"...","method":"GET","path":"/api/events","status":200,
// "us":153,"requestId":"...","remote":"127.0.0.1"}. Lines are buffered and written in blocks
// (at 32 KiB or when flush() is called, which the server does every second) so logging does
// not put a system call on every request. Thread-safe.
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace tw::http {

struct AccessRecord {
  std::string_view method;
  std::string_view path;
  int status = 0;
  long long micros = 0;
  std::string_view request_id;
  std::string_view remote;
};

class AccessLog {
 public:
  // `out` may be null: records are then dropped (logging off).
  explicit AccessLog(std::FILE* out) : out_(out) {}
  ~AccessLog() { flush(); }

  void record(const AccessRecord& r);
  void flush();

 private:
  void append(std::string_view s);
  std::FILE* out_;
  std::mutex mu_;
  std::string buffer_;  // guarded by mu_
};

// "2026-11-25T11:46:40.123Z"
std::string utc_timestamp_ms();

}  // namespace tw::http
