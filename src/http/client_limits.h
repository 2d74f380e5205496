#pragma once
// What one client may take from the server: open connections per address, and requests per
// second per address (a token bucket). Plain data structures, thread-safe, memory bounded
// whatever the number of distinct addresses; the server applies them (see server.h).
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/address_range.h"

namespace tw::http {

// The address a request comes from: the socket's peer, or — when the peer is a trusted proxy —
// the nearest address in X-Forwarded-For that is not itself a trusted proxy (read from the
// right, as each proxy appends the address it saw). A malformed entry stops the walk, and the
// last trusted hop is the answer then: a client cannot make itself look like another by
// sending the header itself.
std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<AddressRange>& trusted);

class ConnectionsPerAddress {
 public:
  explicit ConnectionsPerAddress(int limit) : limit_(limit) {}
  // False when the address is at its limit (nothing is counted then).
  bool try_add(const std::string& address);
  void remove(const std::string& address);

 private:
  int limit_;
  std::mutex mu_;
  std::unordered_map<std::string, int> open_;  // guarded by mu_; only addresses with connections
};

class RequestRate {
 public:
  // `per_second` sustained, bursts of up to `burst`; per_second <= 0 turns the limit off.
  RequestRate(double per_second, double burst) : rate_(per_second), burst_(burst) {}
  // 0 when the request may go ahead now (it is counted), else the milliseconds until it may.
  std::int64_t wait_ms(const std::string& address, std::int64_t now_ms);

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t at_ms = 0;
  };
  static constexpr std::size_t kShards = 16;
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;  // guarded by mu
  };
  double rate_;
  double burst_;
  Shard shards_[kShards];
};

}  // namespace tw::http
