#include "http/client_limits.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace tw::http {

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
bool trusted_peer(std::string_view address, const std::vector<AddressRange>& trusted) {
  return std::any_of(trusted.begin(), trusted.end(), [&](const AddressRange& r) { return r.contains(address); });
}
}  // namespace

std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<AddressRange>& trusted) {
  if (!trusted_peer(peer, trusted)) return peer;
  std::string hop = peer;
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    const auto entry = trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    if (!parse_ip(entry)) return hop;
    hop = std::string(entry);
    if (!trusted_peer(hop, trusted)) return hop;
  }
  return hop;
}

bool ConnectionsPerAddress::try_add(const std::string& address) {
  std::lock_guard lock(mu_);
  auto& n = open_[address];
  if (limit_ > 0 && n >= limit_) return false;
  ++n;
  return true;
}

void ConnectionsPerAddress::remove(const std::string& address) {
  std::lock_guard lock(mu_);
  if (auto it = open_.find(address); it != open_.end() && --it->second <= 0) open_.erase(it);
}

std::int64_t RequestRate::wait_ms(const std::string& address, std::int64_t now_ms) {
  if (rate_ <= 0) return 0;
  auto& shard = shards_[std::hash<std::string>{}(address) % kShards];
  std::lock_guard lock(shard.mu);
  // A bucket that has refilled completely is the same as no bucket: drop those when the map
  // grows, so a flood of distinct addresses cannot grow it without bound.
  const auto full_after_ms = static_cast<std::int64_t>(burst_ / rate_ * 1000) + 1;
  if (shard.buckets.size() > 50'000) {
    std::erase_if(shard.buckets, [&](const auto& kv) { return now_ms - kv.second.at_ms > full_after_ms; });
  }
  auto [it, fresh] = shard.buckets.try_emplace(address, Bucket{burst_, now_ms});
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

}  // namespace tw::http
