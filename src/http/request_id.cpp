#include "http/request_id.h"

#include <atomic>
#include <cstdio>
#include <random>

namespace tw::http {

bool is_acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string next_request_id() {
  static const unsigned prefix = std::random_device{}();
  static std::atomic<unsigned long long> counter{0};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%08x-%010llx", prefix, counter.fetch_add(1, std::memory_order_relaxed));
  return buf;
}

}  // namespace tw::http
