#include "http/access_log.h"

#include <chrono>
#include <ctime>

#include "core/iso_time.h"
#include "http/response.h"

namespace tw::http {

std::string utc_timestamp_ms() {
  using namespace std::chrono;
  return core::format_utc_millis(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
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
