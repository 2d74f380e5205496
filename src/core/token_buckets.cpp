#include "core/token_buckets.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace tw::core {

std::int64_t TokenBuckets::take(const std::string& key, std::int64_t now_ms) {
  if (rate_ <= 0) return 0;
  auto& shard = shards_[std::hash<std::string>{}(key) % kShards];
  std::lock_guard lock(shard.mu);
  const auto full_after_ms = static_cast<std::int64_t>(burst_ / rate_ * 1000) + 1;
  if (shard.buckets.size() > 50'000) {
    std::erase_if(shard.buckets, [&](const auto& kv) { return now_ms - kv.second.at_ms > full_after_ms; });
  }
  auto [it, fresh] = shard.buckets.try_emplace(key, Bucket{burst_, now_ms});
  auto& b = it->second;
  if (!fresh) {
    b.tokens = std::min(burst_, b.tokens + static_cast<double>(now_ms - b.at_ms) * rate_ / 1000.0);
    b.at_ms = now_ms;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return static_cast<std::int64_t>(std::ceil((1.0 - b.tokens) * 1000.0 / rate_));
}

}  // namespace tw::core
