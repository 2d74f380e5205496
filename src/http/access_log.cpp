#include "http/access_log.h"

#include <chrono>
#include <ctime>

#include "http/response.h"

namespace tw::http {

std::string utc_timestamp_ms() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t secs = system_clock::to_time_t(now);
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

void AccessLog::record(const AccessRecord& r) {
  if (!out_) return;
  std::string s;
  s.reserve(160 + r.path.size());
  s += "{\"time\":\"" + utc_timestamp_ms() + "\",\"method\":" + json_quote(r.method) +
       ",\"path\":" + json_quote(r.path) + ",\"status\":" + std::to_string(r.status) +
       ",\"us\":" + std::to_string(r.micros) + ",\"requestId\":" + json_quote(r.request_id) +
       ",\"remote\":" + json_quote(r.remote) + "}\n";
  append(s);
}

void AccessLog::line(std::string_view json) {
  if (!out_) return;
  append(std::string(json) + "\n");
  flush();
}

void AccessLog::append(std::string_view s) {
  std::lock_guard lock(mu_);
  buffer_ += s;
  if (buffer_.size() >= 32 * 1024) {
    std::fwrite(buffer_.data(), 1, buffer_.size(), out_);
    std::fflush(out_);
    buffer_.clear();
  }
}

void AccessLog::flush() {
  if (!out_) return;
  std::lock_guard lock(mu_);
  if (!buffer_.empty()) std::fwrite(buffer_.data(), 1, buffer_.size(), out_);
  std::fflush(out_);
  buffer_.clear();
}

}  // namespace tw::http
